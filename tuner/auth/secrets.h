// Hides what looks like a secret from callers who may not see secrets
// (viewers): the value of a command argument or static hyperparameter whose
// name contains "token", "key", "secret" or "password" ("--api-key X",
// "--db-password=X", "HF_TOKEN=X").
//
//   std::vector<std::string> shown = RedactArgv(argv);
//   std::string yaml = RedactValues(spec_yaml, SecretValues(argv, statics));
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tune::auth {

inline constexpr char kRedacted[] = "<redacted>";

// True when `name` (any case) contains token, key, secret or password.
bool IsSecretName(std::string_view name);

// The secret values in a command line and in name/value pairs.
std::vector<std::string> SecretValues(
    const std::vector<std::string>& argv,
    const std::vector<std::pair<std::string, std::string>>& named = {});

// `value` of a named setting as a caller may see it: kRedacted when the
// caller may not see secrets and `name` looks like a secret's.
std::string ShownValue(std::string_view name, const std::string& value,
                       bool show_secrets);

// argv with every secret value replaced by kRedacted.
std::vector<std::string> RedactArgv(const std::vector<std::string>& argv);

// `text` with every occurrence of each (non-empty) value replaced by
// kRedacted.
std::string RedactValues(std::string text,
                         const std::vector<std::string>& values);

}  // namespace tune::auth
