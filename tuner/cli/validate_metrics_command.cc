// tunectl validate-metrics: a spec's metric regexes against a sample log,
// locally, with workerd's scraper.
#include <fstream>
#include <iostream>
#include <sstream>

#include "tuner/cli/commands.h"
#include "tuner/cli/metric_check.h"
#include "tuner/spec/spec_parser.h"

namespace tune::cli {

CLI::App* AddValidateMetricsCommand(CLI::App& app, ValidateMetricsArgs& args) {
  auto* command = app.add_subcommand(
      "validate-metrics",
      "run a spec's metric regexes over a sample log, locally; exit 0: all "
      "matched, 1: some did not, 2: bad spec or file");
  command->add_option("spec", args.spec_path, "the job spec (YAML)")
      ->required();
  command->add_option("log", args.log_path, "a sample of the trainer's output")
      ->required();
  return command;
}

int RunValidateMetrics(const ValidateMetricsArgs& args) {
  std::ifstream spec_file(args.spec_path, std::ios::binary);
  if (!spec_file) {
    std::cerr << "tunectl: cannot read " << args.spec_path << std::endl;
    return 2;
  }
  std::stringstream spec_text;
  spec_text << spec_file.rdbuf();
  auto spec = tune::spec::ParseJobSpec(spec_text.str());
  if (!spec.ok()) {
    std::cerr << "tunectl: " << args.spec_path << ": "
              << spec.status().message() << std::endl;
    return 2;
  }
  std::ifstream log(args.log_path, std::ios::binary);
  if (!log) {
    std::cerr << "tunectl: cannot read " << args.log_path << std::endl;
    return 2;
  }
  auto reports = CheckMetrics(*spec, log);
  if (!reports.ok()) {
    std::cerr << "tunectl: " << args.spec_path << ": "
              << reports.status().message() << std::endl;
    return 2;
  }
  if (log.bad()) {
    std::cerr << "tunectl: error reading " << args.log_path << std::endl;
    return 2;
  }
  return PrintMetricReports(*reports, args.log_path, std::cout, std::cerr);
}

}  // namespace tune::cli
