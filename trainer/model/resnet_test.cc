#include "trainer/model/resnet.h"

#include <torch/utils.h>

#include <catch2/catch.hpp>

#include "trainer/optim/sgd_optimizer.h"

namespace tune::trainer {
namespace {

TEST_CASE("ResNet maps image batches to class logits") {
  torch::manual_seed(0);
  SECTION("Fashion-MNIST shape") {
    ResNet model(ResNetConfig{.in_channels = 1, .num_classes = 10, .width = 8});
    const torch::Tensor logits = model->forward(torch::randn({5, 1, 28, 28}));
    CHECK(logits.sizes() == torch::IntArrayRef({5, 10}));
  }
  SECTION("CIFAR-10 shape, stride-1 stem") {
    ResNet model(ResNetConfig{
        .in_channels = 3, .num_classes = 7, .width = 4, .stem_stride = 1});
    const torch::Tensor logits = model->forward(torch::randn({2, 3, 32, 32}));
    CHECK(logits.sizes() == torch::IntArrayRef({2, 7}));
  }
}

TEST_CASE("ResNet residual branches start at zero") {
  // With the last BatchNorm of each block zeroed, a block is ReLU of its
  // shortcut: for the first (identity) block, ReLU(input) = input when the
  // input is non-negative.
  ResidualBlock block(4, 4, 1);
  const torch::Tensor input = torch::rand({2, 4, 6, 6});
  CHECK(torch::allclose(block->forward(input), input));
}

TEST_CASE("MakeSgd decays weights only and SetLearningRate reaches all") {
  ResNet model(ResNetConfig{.in_channels = 1, .num_classes = 10, .width = 4});
  auto optimizer = MakeSgd(
      *model,
      SgdSettings{
          .lr = 0.5, .momentum = 0.9, .weight_decay = 1e-3, .nesterov = true});
  size_t decayed = 0, total = 0;
  for (auto& group : optimizer->param_groups()) {
    const auto& options =
        static_cast<const torch::optim::SGDOptions&>(group.options());
    for (const torch::Tensor& parameter : group.params()) {
      ++total;
      if (options.weight_decay() > 0) {
        ++decayed;
        CHECK(parameter.dim() > 1);
      } else {
        CHECK(parameter.dim() == 1);
      }
    }
    CHECK(options.nesterov());
  }
  CHECK(total == model->parameters().size());
  CHECK(decayed > 0);
  CHECK(decayed < total);

  SetLearningRate(*optimizer, 0.125);
  for (auto& group : optimizer->param_groups()) {
    CHECK(group.options().get_lr() == 0.125);
  }
}

TEST_CASE("MakeSgd turns Nesterov with zero momentum into plain SGD") {
  ResNet model(ResNetConfig{.in_channels = 1, .num_classes = 10, .width = 4});
  auto optimizer = MakeSgd(
      *model, SgdSettings{.lr = 0.1, .momentum = 0.0, .nesterov = true});
  for (auto& group : optimizer->param_groups()) {
    CHECK_FALSE(static_cast<const torch::optim::SGDOptions&>(group.options())
                    .nesterov());
  }
}

}  // namespace
}  // namespace tune::trainer
