#include "trainer/model/resnet.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/init.h>
#include <torch/utils.h>

namespace tune::trainer {
namespace {

torch::nn::BatchNorm2d BatchNorm(int channels) {
  return torch::nn::BatchNorm2d(torch::nn::BatchNormOptions(channels));
}

torch::nn::Conv2d Conv(int in_channels, int out_channels, int kernel,
                       int stride) {
  // No bias: the BatchNorm that follows has its own shift.
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in_channels, out_channels, kernel)
          .stride(stride)
          .padding(kernel / 2)
          .bias(false));
}

}  // namespace

ResidualBlockImpl::ResidualBlockImpl(int in_channels, int out_channels,
                                     int stride)
    : conv1_(
          register_module("conv1", Conv(in_channels, out_channels, 3, stride))),
      norm1_(register_module("norm1", BatchNorm(out_channels))),
      conv2_(register_module("conv2", Conv(out_channels, out_channels, 3, 1))),
      norm2_(register_module("norm2", BatchNorm(out_channels))) {
  if (stride != 1 || in_channels != out_channels) {
    shortcut_ = register_module(
        "shortcut",
        torch::nn::Sequential(Conv(in_channels, out_channels, 1, stride),
                              BatchNorm(out_channels)));
  }
  // Each block starts as (nearly) the identity, which lets short runs use
  // high learning rates without blowing up (Goyal et al., 2017).
  torch::NoGradGuard no_grad;
  torch::nn::init::zeros_(norm2_->weight);
}

at::Tensor ResidualBlockImpl::forward(const at::Tensor& input) {
  at::Tensor x = torch::relu(norm1_->forward(conv1_->forward(input)));
  x = norm2_->forward(conv2_->forward(x));
  const at::Tensor skip = shortcut_ ? shortcut_->forward(input) : input;
  return torch::relu(x + skip);
}

ResNet18::ResNet18(const NetworkShape& shape) {
  const int w = shape.width;
  stem_ = register_module("stem", Conv(shape.in_channels, w, 3, 1));
  stem_norm_ = register_module("stem_norm", BatchNorm(w));
  stages_ = register_module(
      "stages",
      torch::nn::Sequential(
          ResidualBlock(w, w, 1), ResidualBlock(w, w, 1),
          ResidualBlock(w, 2 * w, 2), ResidualBlock(2 * w, 2 * w, 1),
          ResidualBlock(2 * w, 4 * w, 2), ResidualBlock(4 * w, 4 * w, 1),
          ResidualBlock(4 * w, 8 * w, 2), ResidualBlock(8 * w, 8 * w, 1)));
  classifier_ = register_module(
      "classifier", torch::nn::Linear(8 * w, shape.num_classes));
}

at::Tensor ResNet18::forward(const at::Tensor& input) {
  at::Tensor x = torch::relu(stem_norm_->forward(stem_->forward(input)));
  x = stages_->forward(x);
  x = x.mean({2, 3});  // global average pooling
  return classifier_->forward(x);
}

}  // namespace tune::trainer
