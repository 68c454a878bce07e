#include "tuner/cli/client_config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace tune::cli {
namespace {

constexpr char kDefaultAddress[] = "127.0.0.1:50051";

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

struct Context {
  std::string tuner, ca, token, token_file;
};

absl::StatusOr<std::optional<Context>> FindContext(
    const std::string& text, const std::string& path, std::string wanted) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not YAML: ", error.what()));
  }
  if (!root || root.IsNull()) {
    if (!wanted.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": no context '", wanted, "' (the file is empty)"));
    }
    return std::nullopt;
  }
  if (!root.IsMap()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": expected a mapping"));
  }
  try {
    if (wanted.empty() && root["current-context"]) {
      wanted = root["current-context"].as<std::string>();
    }
    if (wanted.empty()) return std::nullopt;
    const YAML::Node contexts = root["contexts"];
    if (contexts && !contexts.IsSequence()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": contexts: expected a list"));
    }
    for (const YAML::Node& node : contexts) {
      if (!node.IsMap() || !node["name"] ||
          node["name"].as<std::string>() != wanted) {
        continue;
      }
      Context context;
      for (const auto& [key, out] :
           {std::pair{"tuner", &context.tuner}, {"ca", &context.ca},
            {"token", &context.token}, {"token-file", &context.token_file}}) {
        if (node[key]) *out = node[key].as<std::string>();
      }
      return context;
    }
  } catch (const YAML::Exception& error) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", error.what()));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      path, ": no context named '", wanted, "' in contexts"));
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    return absl::InvalidArgumentError(
        absl::StrCat("token-file: cannot read ", path));
  }
  std::stringstream text;
  text << file.rdbuf();
  return std::string(absl::StripAsciiWhitespace(text.str()));
}

}  // namespace

absl::StatusOr<Connection> ResolveConnection(
    const ConnectionFlags& flags, const ConnectionEnv& env,
    const std::optional<std::string>& config_text,
    const std::string& config_path) {
  const std::string wanted = !flags.context.empty() ? flags.context : env.context;
  std::optional<Context> context;
  if (config_text) {
    auto found = FindContext(*config_text, config_path, wanted);
    if (!found.ok()) return found.status();
    context = *found;
  } else if (!wanted.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--context ", wanted, ": no config file at ", config_path));
  }
  Context chosen = context.value_or(Context{});
  if (chosen.token.empty() && !chosen.token_file.empty()) {
    auto token = ReadTokenFile(chosen.token_file);
    if (!token.ok()) return token.status();
    chosen.token = *token;
  }
  auto first = [](std::initializer_list<const std::string*> values) {
    for (const std::string* value : values) {
      if (!value->empty()) return *value;
    }
    return std::string();
  };
  Connection connection;
  connection.address = first({&flags.tuner, &env.addr, &chosen.tuner});
  if (connection.address.empty()) connection.address = kDefaultAddress;
  connection.ca = first({&flags.ca, &env.ca, &chosen.ca});
  connection.token = first({&env.token, &chosen.token});
  return connection;
}

std::string DefaultConfigPath() {
  const std::string explicit_path = Env("TUNE_CONFIG");
  if (!explicit_path.empty()) return explicit_path;
  return Env("HOME") + "/.config/tune/config.yaml";
}

ConnectionEnv EnvFromProcess() {
  return {Env("TUNE_ADDR"), Env("TUNE_CA"), Env("TUNE_TOKEN"),
          Env("TUNE_CONTEXT")};
}

}  // namespace tune::cli
