// Command-line and --config parsing shared by tunerd and workerd: a bad
// flag, a misspelt setting or an unreadable config file is reported with
// the program, the file and the key, and the daemon exits 2 (which the
// systemd units treat as "do not restart"), never starting half-configured.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

namespace tune::service {

// Adds --config FILE (NAME = value lines; unknown names are errors) to
// `app` and parses argv. nullopt: go on; otherwise the exit code (0 after
// --help).
std::optional<int> ParseDaemonFlags(CLI::App& app, int argc, char** argv,
                                    const std::string& program,
                                    const std::string& config_help);

}  // namespace tune::service
