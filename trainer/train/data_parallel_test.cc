// Data-parallel training through Gloo with two real processes: this test
// binary starts two copies of itself, each running the hidden test case
// below as one rank, and checks that their update equals one process's
// update on the whole batch.
#include "trainer/train/data_parallel.h"

#include <spawn.h>
#include <sys/wait.h>

#include <ATen/ATen.h>
#include <torch/nn/modules/linear.h>
#include <torch/utils.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "trainer/optim/momentum_sgd.h"
#include "trainer/testing/temp_dir.h"

extern char** environ;

namespace tune::trainer {
namespace {

constexpr int kBatch = 8;
constexpr char kRankCase[] = "data-parallel rank";

// A two-layer model, the same in every process (fixed seed), one step of
// Nesterov SGD on rows [begin, end) of a fixed batch, with `group` summing
// the gradients when there is one. Returns the flattened weights after it.
std::vector<float> OneStep(int64_t begin, int64_t end,
                           DataParallelGroup* group) {
  torch::manual_seed(5);
  torch::nn::Linear first(6, 4), second(4, 3);
  std::vector<at::Tensor> params = first->parameters();
  for (const at::Tensor& p : second->parameters()) params.push_back(p);
  const at::Tensor x = at::randn({kBatch, 6});
  const at::Tensor y = at::randn({kBatch, 3});
  MomentumSgd sgd({{.params = params, .weight_decay = 0.01}},
                  {.momentum = 0.9, .nesterov = true});
  sgd.SetLearningRate(0.1);
  for (int step = 0; step < 2; ++step) {
    sgd.ZeroGrad();
    const at::Tensor out = second->forward(
        at::relu(first->forward(x.narrow(0, begin, end - begin))));
    (out - y.narrow(0, begin, end - begin)).pow(2).sum().backward();
    if (group != nullptr) {
      std::vector<at::Tensor> grads;
      for (const at::Tensor& p : params) grads.push_back(p.grad());
      group->AllReduceSum(grads);
    }
    sgd.Step();
  }
  std::vector<float> flat;
  for (const at::Tensor& p : params) {
    const at::Tensor values = p.detach().reshape(-1).contiguous();
    flat.insert(flat.end(), values.data_ptr<float>(),
                values.data_ptr<float>() + values.numel());
  }
  return flat;
}

// Run by the processes the test below starts; hidden from normal runs.
TEST_CASE("data-parallel rank", "[.]") {
  const char* rank_text = std::getenv("TUNE_DP_RANK");
  const char* store = std::getenv("TUNE_DP_STORE");
  const char* out_path = std::getenv("TUNE_DP_OUT");
  REQUIRE(rank_text != nullptr);
  REQUIRE(store != nullptr);
  REQUIRE(out_path != nullptr);
  const int rank = std::atoi(rank_text);
  absl::StatusOr<std::unique_ptr<DataParallelGroup>> group =
      DataParallelGroup::Join(store, rank, 2, c10::Device(c10::kCPU));
  REQUIRE(group.ok());
  CHECK((*group)->backend() == "gloo");
  const std::vector<float> weights =
      OneStep(rank * kBatch / 2, (rank + 1) * kBatch / 2, group->get());
  std::ofstream out(out_path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(weights.data()),
            static_cast<std::streamsize>(weights.size() * sizeof(float)));
  REQUIRE(out.good());
}

pid_t StartRank(int rank, const std::string& store, const std::string& out) {
  std::vector<std::string> env_strings = {
      "TUNE_DP_RANK=" + std::to_string(rank), "TUNE_DP_STORE=" + store,
      "TUNE_DP_OUT=" + out};
  std::vector<char*> env;
  for (char** e = environ; *e != nullptr; ++e) env.push_back(*e);
  for (std::string& s : env_strings) env.push_back(s.data());
  env.push_back(nullptr);
  std::string self = "/proc/self/exe", name = kRankCase;
  std::vector<char*> argv = {self.data(), name.data(), nullptr};
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(),
                      env.data()) == 0);
  return pid;
}

std::vector<float> ReadFloats(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<float> values;
  float value = 0;
  while (in.read(reinterpret_cast<char*>(&value), sizeof value)) {
    values.push_back(value);
  }
  return values;
}

TEST_CASE("Two Gloo processes make the update of one on the whole batch") {
  testing::TempDir dir;
  const std::string store = (dir.path() / "store").string();
  const pid_t rank0 = StartRank(0, store, (dir.path() / "rank0").string());
  const pid_t rank1 = StartRank(1, store, (dir.path() / "rank1").string());
  for (pid_t pid : {rank0, rank1}) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  const std::vector<float> whole = OneStep(0, kBatch, nullptr);
  const std::vector<float> first = ReadFloats(dir.path() / "rank0");
  const std::vector<float> second = ReadFloats(dir.path() / "rank1");
  REQUIRE(first.size() == whole.size());
  REQUIRE(second.size() == whole.size());
  // Without the all-reduce each rank would follow its half's gradient.
  const std::vector<float> half = OneStep(0, kBatch / 2, nullptr);
  double unsynced = 0;
  for (size_t i = 0; i < whole.size(); ++i) {
    CHECK(first[i] == Approx(whole[i]).margin(1e-5));
    CHECK(second[i] == Approx(whole[i]).margin(1e-5));
    unsynced = std::max<double>(unsynced, std::abs(half[i] - whole[i]));
  }
  CHECK(unsynced > 1e-3);
}

}  // namespace
}  // namespace tune::trainer
