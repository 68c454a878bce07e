// Where tunectl connects and with what, as kubectl decides it: flags, then
// environment, then the chosen context of the config file
// (~/.config/tune/config.yaml, or $TUNE_CONFIG), then defaults.
//
//   # ~/.config/tune/config.yaml
//   current-context: prod
//   contexts:
//     - name: prod
//       tuner: tuner.example.com:50051
//       ca: /etc/tune/ca.pem
//       token-file: /home/me/.config/tune/prod.token   # or token: tune_...
//
// Precedence: --tuner > $TUNE_ADDR > context tuner > 127.0.0.1:50051;
// --ca > $TUNE_CA > context ca; $TUNE_TOKEN > context token(-file);
// --context > $TUNE_CONTEXT > current-context. Pure apart from reading the
// files it is given; thread-compatible.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace tune::cli {

struct ConnectionFlags {
  std::string tuner;    // --tuner
  std::string ca;       // --ca
  std::string context;  // --context
};

struct ConnectionEnv {
  std::string addr;     // $TUNE_ADDR
  std::string ca;       // $TUNE_CA
  std::string token;    // $TUNE_TOKEN
  std::string context;  // $TUNE_CONTEXT
};

struct Connection {
  std::string address;
  std::string ca;     // empty: plain TCP
  std::string token;  // empty: none
};

// `config_text`: the config file's contents, nullopt when there is none.
// InvalidArgument naming `config_path` and the key for a malformed file or
// an unknown context; NotFound-free: a missing file is no error unless a
// context was asked for.
absl::StatusOr<Connection> ResolveConnection(
    const ConnectionFlags& flags, const ConnectionEnv& env,
    const std::optional<std::string>& config_text,
    const std::string& config_path);

// $TUNE_CONFIG, else $HOME/.config/tune/config.yaml.
std::string DefaultConfigPath();

// The environment's values (empty where unset).
ConnectionEnv EnvFromProcess();

}  // namespace tune::cli
