// A small ResNet for 28x28 to 32x32 images: a 3x3 stem convolution, three
// stages of one residual block each (width, 2x width, 4x width channels; the
// last two halve the resolution), global average pooling and a linear
// classifier. BatchNorm follows every convolution.
//
// Sized for CPU tuning runs: with the stride-2 stem and width 16 a 28x28
// image costs about 2.5 M multiply-adds forward. Follows the libtorch
// Impl / TORCH_MODULE pattern; like any torch module, one thread at a time.
//
//   ResNet model(ResNetConfig{.in_channels = 1, .num_classes = 10});
//   torch::Tensor logits = model->forward(images);  // N x num_classes
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace tune::trainer {

struct ResNetConfig {
  int in_channels = 3;
  int num_classes = 10;
  int width = 16;  // channels of the first stage; later stages double it
  // 2 makes the network 4x cheaper at some cost in accuracy. The trainer
  // uses it for every dataset to fit CPU tuning budgets; a GPU trainer for
  // CIFAR-10 would want 1.
  int stem_stride = 2;
};

// conv-BN-ReLU-conv-BN plus a shortcut (a strided 1x1 conv and BN when the
// shape changes), then ReLU.
class ResidualBlockImpl : public torch::nn::Module {
 public:
  ResidualBlockImpl(int in_channels, int out_channels, int stride);
  torch::Tensor forward(const torch::Tensor& input);

 private:
  torch::nn::Conv2d conv1_{nullptr};
  torch::nn::BatchNorm2d bn1_{nullptr};
  torch::nn::Conv2d conv2_{nullptr};
  torch::nn::BatchNorm2d bn2_{nullptr};
  torch::nn::Sequential shortcut_{nullptr};  // null when the identity fits
};
TORCH_MODULE(ResidualBlock);

class ResNetImpl : public torch::nn::Module {
 public:
  explicit ResNetImpl(const ResNetConfig& config);
  // `input` is N x in_channels x H x W, normalised floats; returns logits.
  torch::Tensor forward(const torch::Tensor& input);

 private:
  torch::nn::Conv2d stem_{nullptr};
  torch::nn::BatchNorm2d stem_bn_{nullptr};
  torch::nn::Sequential stages_{nullptr};
  torch::nn::Linear classifier_{nullptr};
};
TORCH_MODULE(ResNet);

}  // namespace tune::trainer
