// tunectl: the command-line client of tunerd.
//   tunectl COMMAND ... [--tuner HOST:PORT] [--ca FILE] [--context NAME]
//           [-o table|json]
// Global flags go before or after the command, as kubectl's do. Where to
// connect and with which token comes from the flags, the environment and
// ~/.config/tune/config.yaml (client_config.h).
// Exit codes: 0 done, 1 the server said no (or the watched job failed),
// 2 bad usage or an unreadable file.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <unistd.h>

#include "tune/v1/tuner.grpc.pb.h"
#include "tuner/cli/client_config.h"
#include "tuner/cli/commands.h"
#include "tuner/cli/format.h"
#include "tuner/cli/job_data.h"
#include "tuner/service/channel_credentials.h"
#include "tuner/service/health_client.h"
#include "tuner/cli/progress.h"

namespace {

using tune::v1::TunerService;

struct Options {
  tune::cli::ConnectionFlags connection;
  std::string output = "table";
};

int Fail(const grpc::Status& status) {
  std::cerr << "tunectl: " << status.error_message() << std::endl;
  return 1;
}

int Fail(const absl::Status& status) {
  std::cerr << "tunectl: " << status.message() << std::endl;
  return 1;
}

int CreateJob(TunerService::Stub& stub, const Options& options,
              const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::cerr << "tunectl: cannot read " << path << std::endl;
    return 2;
  }
  std::stringstream text;
  text << file.rdbuf();
  tune::v1::CreateTuningJobRequest request;
  request.set_spec_yaml(text.str());
  tune::v1::CreateTuningJobResponse response;
  grpc::Status status = stub.CreateTuningJob(tune::cli::RpcContext().get(), request, &response);
  if (!status.ok()) return Fail(status);
  if (options.output == "json") {
    tune::cli::PrintJson(response, std::cout);
  } else {
    std::cout << "Created job " << response.job().name() << "\n";
  }
  return 0;
}

int DescribeJob(TunerService::Stub& stub,
                tune::v1::AccessService::Stub& access, const Options& options,
                const std::string& name) {
  tune::v1::DescribeTuningJobRequest request;
  request.set_name(name);
  // The model's best costs a fit: people reading the table get it; scripts
  // polling the JSON keep the cheap reply.
  request.set_with_model(options.output != "json");
  tune::v1::DescribeTuningJobResponse response;
  grpc::Status status =
      stub.DescribeTuningJob(tune::cli::RpcContext().get(), request, &response);
  if (!status.ok()) return Fail(status);
  if (options.output == "json") {
    tune::cli::PrintJson(response, std::cout);
  } else {
    tune::cli::PrintJob(response.job(), std::cout);
    tune::cli::PrintModelBest(response.best_by_model(),
                              response.job().objective_metric_name(),
                              std::cout);
    tune::v1::WhoAmIResponse who;
    if (access.WhoAmI(tune::cli::RpcContext().get(), {}, &who).ok()) {
      tune::cli::PrintIdentity(who, std::cout);
    }
  }
  return 0;
}

int ListJobs(TunerService::Stub& stub, const Options& options) {
  tune::v1::ListTuningJobsResponse response;
  grpc::Status status =
      stub.ListTuningJobs(tune::cli::RpcContext().get(), {}, &response);
  if (!status.ok()) return Fail(status);
  if (options.output == "json") {
    tune::cli::PrintJson(response, std::cout);
  } else {
    tune::cli::PrintJobsTable(response, std::cout);
  }
  return 0;
}

int ListTrials(TunerService::Stub& stub, const Options& options,
               const std::string& name, const std::string& state) {
  tune::v1::ListTrialsRequest request;
  request.set_job_name(name);
  request.set_sort_by_objective(true);
  if (!state.empty()) {
    bool found = false;
    for (int s = tune::v1::TRIAL_PENDING; s <= tune::v1::TRIAL_STOPPED; ++s) {
      if (tune::cli::FormatState(static_cast<tune::v1::TrialState>(s)) == state) {
        request.set_state_filter(static_cast<tune::v1::TrialState>(s));
        found = true;
      }
    }
    if (!found) {
      std::cerr << "tunectl: --state: one of Pending, InProgress, Completed, "
                   "Failed, Stopped"
                << std::endl;
      return 2;
    }
  }
  auto all = tune::cli::FetchAllTrials(stub, request);
  if (!all.ok()) return Fail(all.status());
  const tune::v1::ListTrialsResponse& response = *all;
  if (options.output == "json") {
    tune::cli::PrintJson(response, std::cout);
  } else {
    tune::cli::PrintTrialsTable(response, std::cout);
  }
  return 0;
}

int StopJob(TunerService::Stub& stub, const Options& options,
            const std::string& name) {
  tune::v1::StopTuningJobRequest request;
  request.set_name(name);
  tune::v1::StopTuningJobResponse response;
  grpc::Status status = stub.StopTuningJob(tune::cli::RpcContext().get(), request, &response);
  if (!status.ok()) return Fail(status);
  if (options.output == "json") {
    tune::cli::PrintJson(response, std::cout);
  } else {
    std::cout << "Job " << name << " is "
              << tune::cli::FormatState(response.job().state()) << "\n";
  }
  return 0;
}

int UpdateJob(TunerService::Stub& stub, const Options& options,
              const std::string& name, int max_jobs, int max_parallel_jobs) {
  if (max_jobs == 0 && max_parallel_jobs == 0) {
    std::cerr << "tunectl: update-job: give --max-jobs and/or "
                 "--max-parallel-jobs"
              << std::endl;
    return 2;
  }
  tune::v1::UpdateTuningJobRequest request;
  request.set_name(name);
  request.set_max_jobs(max_jobs);
  request.set_max_parallel_jobs(max_parallel_jobs);
  tune::v1::UpdateTuningJobResponse response;
  grpc::Status status =
      stub.UpdateTuningJob(tune::cli::RpcContext().get(), request, &response);
  if (!status.ok()) return Fail(status);
  if (options.output == "json") {
    tune::cli::PrintJson(response, std::cout);
  } else {
    std::cout << "Job " << name << " is "
              << tune::cli::FormatState(response.job().state())
              << " with max_jobs " << response.job().max_jobs()
              << " and max_parallel_jobs "
              << response.job().max_parallel_jobs() << "\n";
  }
  return 0;
}

int BestTrial(TunerService::Stub& stub, const Options& options,
              const std::string& name) {
  tune::v1::DescribeTuningJobRequest request;
  request.set_name(name);
  tune::v1::DescribeTuningJobResponse job;
  grpc::Status status = stub.DescribeTuningJob(tune::cli::RpcContext().get(), request, &job);
  if (!status.ok()) return Fail(status);
  if (!job.job().has_best_trial()) {
    std::cerr << "tunectl: job " << name << " has no trial with an objective yet"
              << std::endl;
    return 1;
  }
  tune::v1::DescribeTrialRequest trial_request;
  trial_request.set_trial_id(job.job().best_trial().id());
  tune::v1::DescribeTrialResponse trial;
  status = stub.DescribeTrial(tune::cli::RpcContext().get(), trial_request, &trial);
  if (!status.ok()) return Fail(status);
  if (options.output == "json") {
    tune::cli::PrintJson(trial, std::cout);
  } else {
    tune::cli::PrintTrial(trial, std::cout);
  }
  return 0;
}

int DescribeTrial(TunerService::Stub& stub, const Options& options,
                  const std::string& id) {
  tune::v1::DescribeTrialRequest request;
  request.set_trial_id(id);
  tune::v1::DescribeTrialResponse response;
  grpc::Status status = stub.DescribeTrial(tune::cli::RpcContext().get(), request, &response);
  if (!status.ok()) return Fail(status);
  if (options.output == "json") {
    tune::cli::PrintJson(response, std::cout);
  } else {
    tune::cli::PrintTrial(response, std::cout);
  }
  return 0;
}

int Watch(TunerService::Stub& stub, const Options& options,
          const std::string& name) {
  grpc::ClientContext context;  // no deadline: jobs run for hours
  tune::v1::WatchTuningJobRequest request;
  request.set_name(name);
  auto reader = stub.WatchTuningJob(&context, request);
  tune::v1::JobEvent event;
  tune::v1::TuningJob last;
  // A bar rewritten in place on a terminal; whole lines anywhere else.
  tune::cli::ProgressPrinter progress(std::cout, isatty(STDOUT_FILENO) == 1);
  while (reader->Read(&event)) {
    if (options.output == "json") {
      std::string json;
      (void)google::protobuf::util::MessageToJsonString(event, &json);
      std::cout << json << std::endl;
    } else {
      std::ostringstream line;
      tune::cli::PrintEvent(event, line);
      progress.Event(line.str(), event.job());
    }
    last = event.job();
  }
  progress.Finish();
  grpc::Status status = reader->Finish();
  if (!status.ok()) return Fail(status);
  if (options.output != "json") {
    std::cout << "\n";
    tune::cli::PrintJob(last, std::cout);
  }
  return last.state() == tune::v1::JOB_FAILED ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tunectl: control tunerd"};
  app.require_subcommand(1);
  // Global flags also after the command (subcommands inherit this).
  app.fallthrough();
  Options options;
  app.add_option("--tuner", options.connection.tuner,
                 "tunerd address HOST:PORT (default: $TUNE_ADDR, the "
                 "context's, or 127.0.0.1:50051)");
  app.add_option("--ca", options.connection.ca,
                 "PEM CA of tunerd's certificate: use TLS (default: $TUNE_CA "
                 "or the context's)");
  app.add_option("--context", options.connection.context,
                 "context of ~/.config/tune/config.yaml (default: "
                 "$TUNE_CONTEXT or current-context)");
  app.add_option("-o,--output", options.output, "table or json")
      ->check(CLI::IsMember({"table", "json"}));

  std::string arg;
  std::string state;
  auto* create = app.add_subcommand("create-job", "submit a job spec (YAML)");
  create->add_option("spec", arg, "spec file")->required();
  auto* describe = app.add_subcommand("describe-job", "show a job");
  describe->add_option("name", arg)->required();
  auto* list_jobs = app.add_subcommand("list-jobs", "list every job");
  auto* list_trials =
      app.add_subcommand("list-trials", "list a job's trials, best first");
  list_trials->add_option("name", arg)->required();
  list_trials->add_option("--state", state, "only trials in this state");
  auto* stop = app.add_subcommand("stop-job", "stop a job and its trials");
  stop->add_option("name", arg)->required();
  int max_jobs = 0;
  int max_parallel_jobs = 0;
  auto* update = app.add_subcommand(
      "update-job",
      "change a job's limits; raising max_jobs resumes a Stopped or "
      "Completed job");
  update->add_option("name", arg)->required();
  update->add_option("--max-jobs", max_jobs)->check(CLI::PositiveNumber);
  update->add_option("--max-parallel-jobs", max_parallel_jobs)
      ->check(CLI::PositiveNumber);
  auto* best = app.add_subcommand("best-trial", "show a job's best trial");
  best->add_option("name", arg)->required();
  auto* describe_trial =
      app.add_subcommand("describe-trial", "show a trial and its metrics");
  describe_trial->add_option("trial_id", arg)->required();
  auto* watch = app.add_subcommand("watch", "follow a job until it ends");
  watch->add_option("name", arg)->required();
  tune::cli::PlotArgs plot_args;
  auto* plot = tune::cli::AddPlotCommand(app, plot_args);
  tune::cli::ExportArgs export_args;
  auto* export_trials = tune::cli::AddExportCommand(app, export_args);
  tune::cli::ValidateMetricsArgs validate_args;
  auto* validate = tune::cli::AddValidateMetricsCommand(app, validate_args);
  tune::cli::TokenArgs token_args;
  auto* token = tune::cli::AddTokenCommand(app, token_args);
  auto* whoami = app.add_subcommand("whoami", "show who tunerd takes you for");
  double health_timeout = 5;
  auto* health = app.add_subcommand(
      "health",
      "ask tunerd whether it serves (grpc.health.v1): prints its status; "
      "exit 0 when SERVING, 1 when not or unreachable");
  health->add_option("--timeout", health_timeout, "seconds to wait for an answer")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (*validate) return tune::cli::RunValidateMetrics(validate_args);  // local
  const std::string config_path = tune::cli::DefaultConfigPath();
  std::optional<std::string> config_text;
  if (std::ifstream file(config_path); file) {
    std::stringstream text;
    text << file.rdbuf();
    config_text = text.str();
  }
  auto connection = tune::cli::ResolveConnection(
      options.connection, tune::cli::EnvFromProcess(), config_text, config_path);
  if (!connection.ok()) {
    std::cerr << "tunectl: " << connection.status().message() << std::endl;
    return 2;
  }
  auto credentials = tune::service::MakeChannelCredentials(
      {.ca = connection->ca, .token = connection->token});
  if (!credentials.ok()) {
    std::cerr << "tunectl: " << credentials.status().message() << std::endl;
    return 2;
  }
  if (*health) {
    auto status = tune::service::CheckTunerHealth(
        connection->address, *credentials,
        std::chrono::milliseconds(static_cast<int64_t>(health_timeout * 1000)));
    if (!status.ok()) {
      std::cerr << "tunectl: " << status.status().message() << std::endl;
      return 1;
    }
    std::cout << *status << std::endl;
    return *status == "SERVING" ? 0 : 1;
  }
  auto channel = grpc::CreateChannel(connection->address, *credentials);
  auto stub = TunerService::NewStub(channel);
  auto access = tune::v1::AccessService::NewStub(channel);

  if (*create) return CreateJob(*stub, options, arg);
  if (*describe) return DescribeJob(*stub, *access, options, arg);
  if (*list_jobs) return ListJobs(*stub, options);
  if (*list_trials) return ListTrials(*stub, options, arg, state);
  if (*stop) return StopJob(*stub, options, arg);
  if (*update) {
    return UpdateJob(*stub, options, arg, max_jobs, max_parallel_jobs);
  }
  if (*best) return BestTrial(*stub, options, arg);
  if (*describe_trial) return DescribeTrial(*stub, options, arg);
  if (*watch) return Watch(*stub, options, arg);
  if (*plot) return tune::cli::RunPlot(*stub, plot_args);
  if (*export_trials) return tune::cli::RunExport(*stub, export_args);
  if (*token) return tune::cli::RunToken(*access, token_args, options.output);
  if (*whoami) return tune::cli::RunWhoAmI(*access, options.output);
  return 2;
}
