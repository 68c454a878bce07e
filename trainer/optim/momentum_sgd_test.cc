#include "trainer/optim/momentum_sgd.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <catch2/catch.hpp>

#include "trainer/optim/lookahead.h"

namespace tune::trainer {
namespace {

// Runs `steps` updates of a linear model on fixed data with both optimizers
// and returns the largest difference of the weights, relative to them.
double Divergence(bool nesterov, double momentum, double weight_decay,
                  int steps) {
  torch::manual_seed(9);
  torch::nn::Linear ours(6, 3), theirs(6, 3);
  {
    torch::NoGradGuard no_grad;
    theirs->weight.copy_(ours->weight);
    theirs->bias.copy_(ours->bias);
  }
  MomentumSgd sgd({{.params = ours->parameters(), .lr_scale = 2,
                    .weight_decay = weight_decay}},
                  {.momentum = momentum, .nesterov = nesterov});
  torch::optim::SGD reference(theirs->parameters(),
                              torch::optim::SGDOptions(0.005)
                                  .momentum(momentum)
                                  .nesterov(nesterov)
                                  .weight_decay(weight_decay));
  const at::Tensor x = at::randn({16, 6});
  const at::Tensor y = at::randn({16, 3});
  for (int i = 0; i < steps; ++i) {
    sgd.SetLearningRate(0.0025);  // x lr_scale 2 = 0.005
    sgd.ZeroGrad();
    (ours->forward(x) - y).pow(2).sum().backward();
    sgd.Step();
    reference.zero_grad();
    (theirs->forward(x) - y).pow(2).sum().backward();
    reference.step();
  }
  // Relative to the weights, which grow when the steps overshoot.
  const double scale = theirs->weight.abs().max().item<double>();
  return std::max((ours->weight - theirs->weight).abs().max().item<double>(),
                  (ours->bias - theirs->bias).abs().max().item<double>()) /
         scale;
}

TEST_CASE("MomentumSgd makes torch.optim.SGD's updates") {
  CHECK(Divergence(/*nesterov=*/true, 0.85, 0.01, 10) < 1e-5);
  CHECK(Divergence(/*nesterov=*/false, 0.9, 0.0, 10) < 1e-5);
  CHECK(Divergence(/*nesterov=*/false, 0.0, 0.1, 5) < 1e-5);
}

TEST_CASE("MomentumSgd with a zero scale leaves a group alone") {
  torch::manual_seed(2);
  torch::nn::Linear a(3, 1), b(3, 1);
  MomentumSgd sgd({{.params = a->parameters()}, {.params = b->parameters()}},
                  {.momentum = 0.9, .nesterov = true});
  sgd.SetLrScale(1, 0.0);
  sgd.SetLearningRate(0.1);
  const at::Tensor a_before = a->weight.clone(), b_before = b->weight.clone();
  const at::Tensor x = at::randn({4, 3});
  (a->forward(x).sum() + b->forward(x).sum()).backward();
  sgd.Step();
  CHECK_FALSE(at::equal(a->weight, a_before));
  CHECK(at::equal(b->weight, b_before));
  sgd.ZeroGrad();
  CHECK(a->weight.grad().abs().sum().item<float>() == 0);
}

TEST_CASE("Lookahead pulls the weights towards their running average") {
  torch::nn::Linear net(2, 1);
  {
    torch::NoGradGuard no_grad;
    net->weight.fill_(1.0);
  }
  Lookahead lookahead(*net);
  {
    torch::NoGradGuard no_grad;
    net->weight.fill_(3.0);
  }
  lookahead.Update(*net, 0.75);  // 0.75 * 1 + 0.25 * 3
  CHECK(net->weight[0][0].item<float>() == Approx(1.5));
  {
    torch::NoGradGuard no_grad;
    net->weight.fill_(7.0);
  }
  lookahead.Update(*net, 1.0);  // the average only
  CHECK(net->weight[0][0].item<float>() == Approx(1.5));
}

}  // namespace
}  // namespace tune::trainer
