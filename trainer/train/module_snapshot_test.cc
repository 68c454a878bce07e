#include "trainer/train/module_snapshot.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/utils.h>

#include <catch2/catch.hpp>

#include "trainer/optim/momentum_sgd.h"

namespace tune::trainer {
namespace {

// A linear layer and a BatchNorm, so that there are buffers as well.
torch::nn::Sequential MakeModel() {
  return torch::nn::Sequential(torch::nn::Linear(4, 3),
                               torch::nn::BatchNorm1d(3));
}

void CopyWeights(const torch::nn::Module& from, torch::nn::Module& to) {
  torch::NoGradGuard no_grad;
  const auto source = from.parameters();
  const auto target = to.parameters();
  for (size_t i = 0; i < source.size(); ++i) target[i].copy_(source[i]);
}

void TrainSteps(torch::nn::Sequential& model, MomentumSgd& sgd,
                const at::Tensor& x, int steps) {
  model->train();
  for (int i = 0; i < steps; ++i) {
    sgd.SetLearningRate(0.05);
    sgd.ZeroGrad();
    model->forward(x).pow(2).sum().backward();
    sgd.Step();
  }
}

TEST_CASE("ModuleSnapshot puts parameters and buffers back in place") {
  torch::manual_seed(4);
  torch::nn::Sequential model = MakeModel();
  std::vector<at::Tensor> before, pointers;
  for (const at::Tensor& t : model->parameters()) before.push_back(t.clone());
  for (const at::Tensor& t : model->buffers()) before.push_back(t.clone());

  const ModuleSnapshot snapshot(*model);
  MomentumSgd sgd({{.params = model->parameters()}}, {.momentum = 0.9});
  TrainSteps(model, sgd, at::randn({8, 4}), 3);
  std::vector<at::Tensor> live = model->parameters();
  for (const at::Tensor& t : model->buffers()) live.push_back(t);
  // The steps changed every weight and the running statistics.
  CHECK_FALSE(live[0].equal(before[0]));
  CHECK_FALSE(live.back().equal(before.back()));  // num_batches_tracked
  std::vector<const void*> storage;
  for (const at::Tensor& t : live) storage.push_back(t.data_ptr());

  snapshot.Restore();
  REQUIRE(live.size() == before.size());
  for (size_t i = 0; i < live.size(); ++i) {
    CHECK(live[i].equal(before[i]));
    CHECK(live[i].data_ptr() == storage[i]);
  }
}

TEST_CASE("MomentumSgd after ResetMomentum steps like a new one") {
  torch::manual_seed(5);
  const at::Tensor x = at::randn({8, 4});
  torch::nn::Sequential primed = MakeModel(), fresh = MakeModel();
  CopyWeights(*primed, *fresh);
  SgdSettings settings{.momentum = 0.85, .nesterov = true};
  MomentumSgd primed_sgd({{.params = primed->parameters(),
                           .weight_decay = 0.01}},
                         settings);
  MomentumSgd fresh_sgd({{.params = fresh->parameters(),
                          .weight_decay = 0.01}},
                        settings);

  const ModuleSnapshot snapshot(*primed);
  TrainSteps(primed, primed_sgd, at::randn({8, 4}), 3);
  snapshot.Restore();
  primed_sgd.ResetMomentum();

  TrainSteps(primed, primed_sgd, x, 2);
  TrainSteps(fresh, fresh_sgd, x, 2);
  const auto a = primed->parameters();
  const auto b = fresh->parameters();
  for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].equal(b[i]));
  // Without the reset, the old momentum would still push the weights.
  snapshot.Restore();
  TrainSteps(primed, primed_sgd, x, 2);
  CHECK_FALSE(primed->parameters()[0].equal(fresh->parameters()[0]));
}

}  // namespace
}  // namespace tune::trainer
