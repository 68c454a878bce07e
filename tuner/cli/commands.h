// tunectl's commands that live outside tunectl_main.cc: each registers its
// subcommand (options bound to its Args) and runs it, returning the exit
// code (0 done, 1 the server said no or the check failed, 2 bad usage or an
// unreadable file). Messages go to stderr; results to stdout or -o.
//
//   PlotArgs plot_args;
//   CLI::App* plot = AddPlotCommand(app, plot_args);
//   ...
//   if (*plot) return RunPlot(*stub, plot_args);
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "tune/v1/access.grpc.pb.h"
#include "tune/v1/tuner.grpc.pb.h"

namespace tune::cli {

// tunectl plot NAME --kind KIND -o FILE.svg|FILE.png [--metric M] [--param
// P]...
struct PlotArgs {
  std::string job;
  std::string kind;
  std::string output;
  std::string metric;               // curves only
  std::vector<std::string> params;  // objective and parallel only
};
CLI::App* AddPlotCommand(CLI::App& app, PlotArgs& args);
int RunPlot(tune::v1::TunerService::Stub& stub, const PlotArgs& args);

// tunectl export NAME [-o FILE.csv|-]
struct ExportArgs {
  std::string job;
  std::string output = "-";
};
CLI::App* AddExportCommand(CLI::App& app, ExportArgs& args);
int RunExport(tune::v1::TunerService::Stub& stub, const ExportArgs& args);

// tunectl validate-metrics SPEC.yaml SAMPLE.log (no tunerd needed)
struct ValidateMetricsArgs {
  std::string spec_path;
  std::string log_path;
};
CLI::App* AddValidateMetricsCommand(CLI::App& app, ValidateMetricsArgs& args);
int RunValidateMetrics(const ValidateMetricsArgs& args);

// tunectl token create NAME [--role R] | token list | token revoke NAME
struct TokenArgs {
  std::string action;  // create, list or revoke: set by the subcommand
  std::string name;
  std::string role = "viewer";
};
CLI::App* AddTokenCommand(CLI::App& app, TokenArgs& args);
int RunToken(tune::v1::AccessService::Stub& stub, const TokenArgs& args,
             const std::string& output);

// tunectl whoami
int RunWhoAmI(tune::v1::AccessService::Stub& stub, const std::string& output);

}  // namespace tune::cli
