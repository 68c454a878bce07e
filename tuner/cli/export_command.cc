// tunectl export: every trial of a job as CSV, from the API.
#include <iostream>

#include "tuner/cli/commands.h"
#include "tuner/cli/job_data.h"
#include "tuner/cli/output_file.h"
#include "tuner/cli/trials_csv.h"

namespace tune::cli {

CLI::App* AddExportCommand(CLI::App& app, ExportArgs& args) {
  auto* command = app.add_subcommand(
      "export",
      "write a job's trials as CSV (RFC 4180): trial_id, state, objective, "
      "each hyperparameter, attempt, worker, created/started/ended_at (ISO "
      "8601 UTC), reason");
  command->add_option("name", args.job, "the job")->required();
  command->add_option("-o,--output", args.output,
                      "the CSV file to write, or - for stdout (the default)");
  return command;
}

int RunExport(tune::v1::TunerService::Stub& stub, const ExportArgs& args) {
  auto data = FetchJobData(stub, args.job);
  if (!data.ok()) {
    std::cerr << "tunectl: " << data.status().message() << std::endl;
    return 1;
  }
  if (!data->spec) {
    std::cerr << "tunectl: export: warning: cannot read the job's spec ("
              << data->spec_error
              << "); hyperparameter columns are in name order" << std::endl;
  }
  const std::string csv = TrialsCsv(data->trials, HyperparameterNames(*data));
  if (auto status = WriteOutput(args.output, csv); !status.ok()) {
    std::cerr << "tunectl: export: " << status.message() << std::endl;
    return 2;
  }
  if (args.output != "-") {
    std::cout << "Wrote " << data->trials.size() << " trials to " << args.output
              << "\n";
  }
  return 0;
}

}  // namespace tune::cli
