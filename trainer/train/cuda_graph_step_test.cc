// GraphedStep. Graph replay against eager steps needs a GPU and a CUDA
// build, so that case is hidden from ctest (no GPU in CI);
// trainer/bench/gpu_check.sh runs it on a GPU node:
// trainer_torch_test "[cuda]".
#include "trainer/train/cuda_graph_step.h"

#include <ATen/ATen.h>
#include <ATen/Context.h>
#include <torch/cuda.h>
#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "trainer/model/network.h"
#include "trainer/optim/momentum_sgd.h"
#include "trainer/train/mixed_precision.h"

namespace tune::trainer {
namespace {

constexpr int kSteps = 9;  // 3 eager, 1 captured, 5 replayed
constexpr int64_t kBatch = 32;

struct Run {
  std::vector<at::Tensor> params;  // after kSteps, on the CPU
  std::vector<double> losses;      // each step's
  bool replayed = false;
  std::string fallback_reason;
};

// kSteps of the airbench network, placed as the trainer places it, with
// Nesterov SGD on fixed batches, a new learning rate each step (as the
// schedule sets it), through GraphedStep.
Run Train(bool graphs, Precision precision) {
  const c10::Device cuda(c10::kCUDA, 0);
  torch::manual_seed(11);
  std::shared_ptr<Network> network =
      MakeNetwork(Architecture::kAirbench,
                  {.in_channels = 3, .num_classes = 10, .width = 8});
  network->FitToData(at::randn({256, 3, 32, 32}));
  const InputFormat format = FormatFor(cuda, precision);
  PlaceNetwork(*network, cuda, format);
  network->train();
  MomentumSgd sgd({{.params = network->parameters(), .weight_decay = 1e-3}},
                  {.momentum = 0.85, .nesterov = true});
  const at::Tensor images = at::randn({kSteps, kBatch, 3, 32, 32}).to(cuda);
  const at::Tensor labels = at::randint(10, {kSteps, kBatch}).to(cuda);
  const auto loss_options = torch::nn::functional::CrossEntropyFuncOptions()
                                .label_smoothing(0.2)
                                .reduction(torch::kSum);
  GraphedStep step(
      [&](const Batch& batch) {
        sgd.ZeroGrad();
        const at::Tensor loss = torch::nn::functional::cross_entropy(
            network->forward(ToInputFormat(batch.inputs, format))
                .to(at::kFloat),
            batch.targets, loss_options);
        loss.backward();
        sgd.Step();
        return loss.detach();
      },
      graphs);
  Run run;
  for (int i = 0; i < kSteps; ++i) {
    sgd.SetLearningRate(0.002 * (i + 1));
    run.losses.push_back(
        step.Run(Batch{images[i], labels[i]}).item<double>());
  }
  for (const at::Tensor& param : network->parameters()) {
    run.params.push_back(param.detach().cpu());
  }
  run.replayed = step.replaying();
  run.fallback_reason = step.fallback_reason();
  return run;
}

TEST_CASE("GraphedStep with graphs off is decided at once and runs the step") {
  int calls = 0;
  const auto step = [&](const Batch& batch) {
    ++calls;
    return batch.inputs.sum();
  };
  GraphedStep off(step, /*enabled=*/false);
  CHECK(off.decided());
  CHECK(off.Run(Batch{at::ones({3}), at::zeros({3})}).item<double>() == 3);
  CHECK(calls == 1);
  CHECK_FALSE(off.replaying());
  // With graphs on, nothing is known before the first steps have run.
  GraphedStep on(step, /*enabled=*/true);
  CHECK_FALSE(on.decided());
}

TEST_CASE("A replayed CUDA graph trains as eager steps do", "[.cuda]") {
  REQUIRE(torch::cuda::is_available());
  // The same convolution algorithms in both runs, so only the graph differs.
  at::globalContext().setBenchmarkCuDNN(false);
  at::globalContext().setDeterministicCuDNN(true);
  // fp32, and the trainer's fp16 + channels_last with fp32 BatchNorm.
  for (Precision precision : {Precision::kFloat32, Precision::kFloat16}) {
    const double tolerance = precision == Precision::kFloat32 ? 1e-4 : 1e-2;
    INFO("precision " << (precision == Precision::kFloat32 ? "fp32" : "fp16"));
    const Run eager = Train(/*graphs=*/false, precision);
    const Run graphed = Train(/*graphs=*/true, precision);
    INFO("fallback: " << graphed.fallback_reason);
    REQUIRE(graphed.replayed);
    REQUIRE(graphed.losses.size() == eager.losses.size());
    for (size_t i = 0; i < eager.losses.size(); ++i) {
      INFO("step " << i);
      CHECK(graphed.losses[i] ==
            Approx(eager.losses[i]).epsilon(tolerance).margin(tolerance));
    }
    // Replays that ignored the new learning rates would drift from here.
    REQUIRE(graphed.params.size() == eager.params.size());
    for (size_t i = 0; i < eager.params.size(); ++i) {
      INFO("parameter " << i);
      CHECK(at::allclose(graphed.params[i].to(at::kFloat),
                         eager.params[i].to(at::kFloat), tolerance,
                         tolerance / 10));
    }
  }
}

}  // namespace
}  // namespace tune::trainer
