#include "tuner/service/daemon_flags.h"

#include <iostream>

namespace tune::service {

std::optional<int> ParseDaemonFlags(CLI::App& app, int argc, char** argv,
                                    const std::string& program,
                                    const std::string& config_help) {
  CLI::Option* config = app.set_config("--config", "", config_help);
  app.allow_config_extras(CLI::config_extras_mode::error);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ConfigError& e) {
    // CLI11 says "INI was not able to parse NAME": name the file too.
    std::cerr << program << ": --config " << config->as<std::string>() << ": "
              << e.what() << " (not a setting of " << program
              << "; see " << program << " --help)" << std::endl;
    return 2;
  } catch (const CLI::ParseError& e) {
    std::cerr << program << ": " << e.what() << std::endl;
    return 2;
  }
  return std::nullopt;
}

}  // namespace tune::service
