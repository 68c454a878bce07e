// Pins what --lr, --mom, --wd and --opt mean: the trainer's update (a
// summed loss, SgdRatesFor's rates, MomentumSgd) is torch.optim.SGD's with
// the same numbers on the mean loss.
#include <ATen/ATen.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "trainer/optim/momentum_sgd.h"
#include "trainer/options/sgd_rates.h"
#include "trainer/options/trainer_options.h"

namespace tune::trainer {
namespace {

constexpr int kBatch = 16;

TrainerOptions Parse(std::vector<std::string> args) {
  args.insert(args.end(), {"--batch_size", std::to_string(kBatch)});
  absl::StatusOr<TrainerOptions> options = ParseTrainerOptions(args);
  REQUIRE(options.ok());
  return *options;
}

// Trains two copies of a tiny classifier for `steps` steps: one as the
// trainer does from `options`, one with torch.optim.SGD built from the
// torch-unit numbers given; returns the largest weight difference relative
// to the weights.
double Divergence(const TrainerOptions& options, double lr, double momentum,
                  double weight_decay, bool nesterov, int steps) {
  torch::manual_seed(11);
  torch::nn::Linear ours(5, 4), theirs(5, 4);
  {
    torch::NoGradGuard no_grad;
    theirs->weight.copy_(ours->weight);
    theirs->bias.copy_(ours->bias);
  }
  const SgdRates rates = SgdRatesFor(options);
  MomentumSgd sgd({{.params = ours->parameters(),
                    .lr_scale = 1,
                    .weight_decay = GroupWeightDecay(rates, 1)}},
                  {.momentum = options.momentum,
                   .nesterov = options.optimizer == OptimizerKind::kNesterov});
  torch::optim::SGD reference(theirs->parameters(),
                              torch::optim::SGDOptions(lr)
                                  .momentum(momentum)
                                  .nesterov(nesterov)
                                  .weight_decay(weight_decay));
  namespace F = torch::nn::functional;
  for (int i = 0; i < steps; ++i) {
    const at::Tensor x = at::randn({kBatch, 5});
    const at::Tensor y = at::randint(0, 4, {kBatch});
    sgd.SetLearningRate(rates.summed_loss_lr);
    sgd.ZeroGrad();
    F::cross_entropy(ours->forward(x), y,
                     F::CrossEntropyFuncOptions().reduction(torch::kSum))
        .backward();
    sgd.Step();
    reference.zero_grad();
    F::cross_entropy(theirs->forward(x), y).backward();  // the mean
    reference.step();
  }
  const double scale = theirs->weight.abs().max().item<double>();
  return std::max((ours->weight - theirs->weight).abs().max().item<double>(),
                  (ours->bias - theirs->bias).abs().max().item<double>()) /
         scale;
}

TEST_CASE("The trainer flags lr, mom, wd and opt mean what torch.optim.SGD means") {
  CHECK(Divergence(Parse({"--lr", "0.4", "--mom", "0.9", "--wd", "0.05",
                          "--opt", "nag"}),
                   0.4, 0.9, 0.05, /*nesterov=*/true, 20) < 1e-5);
  CHECK(Divergence(Parse({"--lr", "0.1", "--mom", "0.5", "--wd", "0",
                          "--opt", "sgd"}),
                   0.1, 0.5, 0.0, /*nesterov=*/false, 20) < 1e-5);
  // The blog recipe's defaults are in the same units.
  CHECK(Divergence(Parse({"--recipe", "blog"}), 0.4, 0.9, 5e-4,
                   /*nesterov=*/true, 20) < 1e-5);
  // A different update is caught: the test can fail.
  CHECK(Divergence(Parse({"--lr", "0.4", "--mom", "0.9", "--opt", "nag"}),
                   0.2, 0.9, 0.0, /*nesterov=*/true, 20) > 1e-3);
}

TEST_CASE("airbench's units convert to torch.optim.SGD's") {
  // airbench's unit step is 1024 x (1 + 1 / (1 - mom)) examples: lr 11.5
  // at mom 0.85 is 11.5 x batch / 7850.67 per step of a mean loss (1.5 at
  // batch 1024), and wd 0.0153 removes 0.0153 x batch / 7850.67 of each
  // weight per step, which torch writes as lr x wd.
  const TrainerOptions options =
      Parse({"--lr-per-1024", "11.5", "--mom", "0.85", "--wd-per-1024",
             "0.0153", "--opt", "nag"});
  const double kilostep = 1024 * (1 + 1 / 0.15);
  const double torch_lr = 11.5 * kBatch / kilostep;
  const double torch_wd = 0.0153 * kBatch / kilostep / torch_lr;
  CHECK(SgdRatesFor(options).torch_lr == Approx(torch_lr));
  CHECK(Divergence(options, torch_lr, 0.85, torch_wd, /*nesterov=*/true, 20) <
        1e-5);
}

}  // namespace
}  // namespace tune::trainer
