// End-to-end tests of the cifar10-trainer program: run the built binary (no
// shell) on small data and check its exit code and the lines the tuner's
// scrapers read. Each run takes a few seconds on one core.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// Spawns the trainer with `args`, collecting stdout and stderr separately
// (polling both pipes so a chatty stderr cannot block the child).
// `while_running` gets the trainer's pid once it is started.
RunResult RunTrainer(const std::vector<std::string>& args,
                     const std::function<void(pid_t)>& while_running = {}) {
  std::array<int, 2> out_pipe{}, err_pipe{};
  if (pipe2(out_pipe.data(), O_CLOEXEC) != 0 ||
      pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe2 failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);

  std::vector<std::string> argv_strings = {TUNE_TRAINER_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, TUNE_TRAINER_BINARY, &actions, nullptr,
                                  argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    throw std::runtime_error("posix_spawn failed for " +
                             std::string(TUNE_TRAINER_BINARY));
  }

  if (while_running) while_running(pid);
  RunResult result;
  std::array<pollfd, 2> fds = {pollfd{out_pipe[0], POLLIN, 0},
                               pollfd{err_pipe[0], POLLIN, 0}};
  std::array<std::string*, 2> sinks = {&result.out, &result.err};
  int open_pipes = 2;
  while (open_pipes > 0) {
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("poll failed");
    }
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t got = read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

struct EpochLine {
  int epoch = 0;
  double accuracy = 0;
  double loss = 0;
  double seconds = 0;
};

// Parses with the same kind of regexes the tuner's scrapers use.
std::vector<EpochLine> EpochLines(const std::string& out) {
  static const std::regex kLine(
      R"(^Epoch (\d+), Validation accuracy=([0-9\.]+), Train loss=([0-9\.]+), lr=([0-9\.]+), time=([0-9\.]+)s$)");
  std::vector<EpochLine> lines;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const std::string line = out.substr(start, end - start);
    std::smatch match;
    if (std::regex_match(line, match, kLine)) {
      lines.push_back({std::stoi(match[1]), std::stod(match[2]),
                       std::stod(match[3]), std::stod(match[5])});
    }
    start = end + 1;
  }
  return lines;
}

// The accuracy on the "Test accuracy=..." line, or -1 when there is none.
double TestAccuracy(const std::string& out) {
  static const std::regex kTest(R"((?:^|\n)Test accuracy=([0-9\.]+)\n)");
  std::smatch match;
  if (!std::regex_search(out, match, kTest)) return -1;
  return std::stod(match[1]);
}

// The accuracy on the "Final ..." line, or -1 when there is none.
double FinalAccuracy(const std::string& out) {
  static const std::regex kFinal(
      R"(Final Validation accuracy=([0-9\.]+), training seconds=[0-9\.]+)");
  std::smatch match;
  if (!std::regex_search(out, match, kFinal)) return -1;
  return std::stod(match[1]);
}

constexpr char kFashionMnistDir[] = "/usr/share/datasets/fashion-mnist";

TEST_CASE("trainer learns a Fashion-MNIST subset") {
  INFO("needs Debian's dataset-fashion-mnist package in " << kFashionMnistDir);
  REQUIRE(std::filesystem::exists(std::filesystem::path(kFashionMnistDir) /
                                  "train-images-idx3-ubyte.gz"));
  // airbench's recipe at width 8; --tta 0 so that the final accuracy is
  // the last epoch's model measured the same way.
  const RunResult run = RunTrainer(
      {"--dataset", "fashion-mnist", "--train-limit", "3000", "--test-limit",
       "500", "--epochs", "2", "--threads", "1", "--width", "8",
       "--batch_size", "32", "--seed", "1", "--device", "cpu", "--tta", "0"});
  INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find('\r') == std::string::npos);
  const std::vector<EpochLine> epochs = EpochLines(run.out);
  REQUIRE(epochs.size() == 2);
  CHECK(epochs[0].epoch == 1);
  CHECK(epochs[1].epoch == 2);
  CHECK(epochs[1].seconds > epochs[0].seconds);  // seconds so far
  CHECK(FinalAccuracy(run.out) == Approx(epochs[1].accuracy));
  CHECK(FinalAccuracy(run.out) > 0.6);  // chance is 0.1
  // Validation is a tenth of the training images; the test split is apart.
  CHECK_THAT(run.err, Catch::Contains("train=2700 val=300 test=500"));
  CHECK(TestAccuracy(run.out) > 0.6);
}

TEST_CASE("trainer validates on the test split when asked to hold none out") {
  const RunResult run = RunTrainer(
      {"--dataset", "synthetic", "--train-limit", "600", "--test-limit",
       "100", "--val-fraction", "0", "--epochs", "1", "--threads", "1",
       "--width", "4", "--batch_size", "50", "--device", "cpu", "--tta",
       "0"});
  INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Contains("train=600 val=100 (the test split)"));
  CHECK(TestAccuracy(run.out) == FinalAccuracy(run.out));
}

TEST_CASE("trainer runs the blog's ResNet recipe in torch's units") {
  // The SageMaker blog's numbers in torch.optim.SGD's units (lr 0.4, mom
  // 0.9, Nesterov), on a Fashion-MNIST subset at a CPU's width and batch.
  REQUIRE(std::filesystem::exists(std::filesystem::path(kFashionMnistDir) /
                                  "train-images-idx3-ubyte.gz"));
  const RunResult run = RunTrainer(
      {"--recipe", "blog", "--lr", "0.4", "--mom", "0.9", "--opt", "nag",
       "--batch_size", "64", "--epochs", "4", "--dataset", "fashion-mnist",
       "--train-limit", "2000", "--test-limit", "500", "--width", "4",
       "--threads", "1", "--device", "cpu", "--seed", "1"});
  INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Contains("arch=resnet18"));
  const std::vector<EpochLine> epochs = EpochLines(run.out);
  REQUIRE(epochs.size() == 4);
  CHECK(epochs[0].epoch == 1);
  CHECK(FinalAccuracy(run.out) > 0.65);  // chance is 0.1
  CHECK(TestAccuracy(run.out) > 0.65);
}

TEST_CASE("trainer trains data-parallel in two Gloo processes") {
  const RunResult run = RunTrainer(
      {"--dataset", "fashion-mnist", "--train-limit", "3000", "--test-limit",
       "500", "--epochs", "2", "--threads", "1", "--width", "8",
       "--batch_size", "32", "--seed", "1", "--device", "cpu", "--gpus",
       "2"});
  INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Contains("processes=2 (gloo)"));
  // Only the first process reports.
  REQUIRE(EpochLines(run.out).size() == 2);
  CHECK(FinalAccuracy(run.out) > 0.6);  // chance is 0.1
}

// The first child process of `pid`, waiting for one to appear.
pid_t FirstChild(pid_t pid) {
  const std::string children = "/proc/" + std::to_string(pid) + "/task/" +
                               std::to_string(pid) + "/children";
  for (int attempt = 0; attempt < 3000; ++attempt) {
    std::ifstream in(children);
    pid_t child = 0;
    if (in >> child) return child;
    usleep(10000);  // polling for the spawn, which has no event to wait on
  }
  return 0;
}

TEST_CASE("a data-parallel trial stops at once when one of its processes dies") {
  pid_t killed = 0;
  const RunResult run = RunTrainer(
      {"--dataset", "synthetic", "--train-limit", "3000", "--test-limit", "300",
       "--epochs", "50", "--threads", "1", "--width", "8", "--batch_size",
       "64", "--device", "cpu", "--gpus", "2"},
      [&](pid_t trainer) {
        killed = FirstChild(trainer);
        if (killed > 0) kill(killed, SIGKILL);
      });
  INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(killed > 0);
  // 50 epochs would take minutes; the trial ends with the reason instead.
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err,
             Catch::Contains("data-parallel rank 1 was killed by signal 9"));
  CHECK(FinalAccuracy(run.out) < 0);
}

TEST_CASE("trainer trains the ResNet-18 too") {
  const RunResult run = RunTrainer(
      {"--dataset", "synthetic", "--train-limit", "600", "--test-limit", "100",
       "--epochs", "1", "--threads", "1", "--arch", "resnet18", "--width",
       "4", "--batch_size", "50", "--device", "cpu"});
  INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Contains("arch=resnet18"));
  CHECK(EpochLines(run.out).size() == 1);
  CHECK(FinalAccuracy(run.out) >= 0);
}

TEST_CASE("trainer trains in bf16 with test-time augmentation") {
  const RunResult run = RunTrainer(
      {"--dataset", "synthetic", "--train-limit", "600", "--test-limit", "100",
       "--epochs", "1", "--threads", "1", "--width", "4", "--batch_size",
       "50", "--precision", "bf16", "--tta", "2", "--device", "cpu"});
  INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Contains("dtype=BFloat16"));
  CHECK(EpochLines(run.out).size() == 1);
  CHECK(FinalAccuracy(run.out) >= 0);
}

TEST_CASE("trainer loss falls on the synthetic set") {
  const RunResult run = RunTrainer(
      {"--dataset", "synthetic", "--train-limit", "1500", "--test-limit", "300",
       "--epochs", "4", "--threads", "1", "--width", "8", "--batch_size",
       "64", "--label_smoothing", "0", "--seed", "3", "--device", "cpu"});
  INFO("stdout:\n" << run.out << "\nstderr:\n" << run.err);
  REQUIRE(run.exit_code == 0);
  const std::vector<EpochLine> epochs = EpochLines(run.out);
  REQUIRE(epochs.size() == 4);
  CHECK(epochs.back().loss < 0.8 * epochs.front().loss);
  CHECK(FinalAccuracy(run.out) > 0.3);  // chance is 0.1
}

TEST_CASE("priming leaves a run's results as they were") {
  // Priming trains a few throwaway steps, then puts everything back: the
  // epochs that follow must match a run without it, number for number.
  const auto run = [](const char* prime) {
    return RunTrainer({"--dataset", "synthetic", "--train-limit", "600",
                       "--test-limit", "100", "--epochs", "2", "--threads",
                       "1", "--width", "4", "--batch_size", "50", "--seed",
                       "7", "--device", "cpu", "--prime", prime});
  };
  const RunResult primed = run("on");
  const RunResult plain = run("off");
  INFO("primed:\n" << primed.out << primed.err << "\nplain:\n" << plain.out
                    << plain.err);
  REQUIRE(primed.exit_code == 0);
  REQUIRE(plain.exit_code == 0);
  CHECK_THAT(primed.err, Catch::Contains("primed in "));
  CHECK_THAT(plain.err, !Catch::Contains("primed in "));
  const std::vector<EpochLine> a = EpochLines(primed.out);
  const std::vector<EpochLine> b = EpochLines(plain.out);
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].loss == b[i].loss);
    CHECK(a[i].accuracy == b[i].accuracy);
  }
  CHECK(FinalAccuracy(primed.out) == FinalAccuracy(plain.out));
}

TEST_CASE("trainer exits 2 on a bad command line, naming the flag") {
  SECTION("unknown flag") {
    const RunResult run =
        RunTrainer({"--dataset", "synthetic", "--bogus", "1"});
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("--bogus"));
    CHECK(run.out.empty());
  }
  SECTION("value out of range") {
    const RunResult run = RunTrainer({"--lr=-0.5"});
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::Contains("--lr must be > 0"));
  }
}

TEST_CASE("trainer exits 1 with a clear message when the data is missing") {
  const RunResult run =
      RunTrainer({"--dataset", "cifar10", "--data-dir",
                  "/nonexistent/cifar-10-batches-bin", "--epochs", "1"});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("/nonexistent/cifar-10-batches-bin"));
  CHECK(run.out.empty());
}

}  // namespace
