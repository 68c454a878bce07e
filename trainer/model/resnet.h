// The classic ResNet-18 in its CIFAR form (He et al., 2016; a 3x3 stride-1
// stem and no stem max-pool): four stages of two basic residual blocks, of
// width, 2x, 4x and 8x channels, the last three halving the resolution,
// then global average pooling and a linear classifier. For comparison with
// airbench's network; --arch resnet18.
//
//   auto net = std::make_shared<ResNet18>(NetworkShape{.width = 64});
#pragma once

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include "trainer/model/network.h"

namespace tune::trainer {

// conv-BN-ReLU-conv-BN plus a shortcut (a strided 1x1 conv and BN when the
// shape changes), then ReLU.
class ResidualBlockImpl : public torch::nn::Module {
 public:
  ResidualBlockImpl(int in_channels, int out_channels, int stride);
  at::Tensor forward(const at::Tensor& input);

 private:
  torch::nn::Conv2d conv1_{nullptr};
  torch::nn::BatchNorm2d norm1_{nullptr};
  torch::nn::Conv2d conv2_{nullptr};
  torch::nn::BatchNorm2d norm2_{nullptr};
  torch::nn::Sequential shortcut_{nullptr};  // null when the identity fits
};
TORCH_MODULE(ResidualBlock);

class ResNet18 : public Network {
 public:
  explicit ResNet18(const NetworkShape& shape);
  at::Tensor forward(const at::Tensor& input) override;

 private:
  torch::nn::Conv2d stem_{nullptr};
  torch::nn::BatchNorm2d stem_norm_{nullptr};
  torch::nn::Sequential stages_{nullptr};
  torch::nn::Linear classifier_{nullptr};
};

}  // namespace tune::trainer
