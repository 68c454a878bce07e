// airbench94's network (Keller Jordan, 2024): a fixed 2x2 whitening
// convolution, three conv groups (conv, max-pool, BatchNorm, GELU, conv,
// BatchNorm, GELU) of width, 4x and 4x channels, a global max-pool and a
// bias-free linear layer scaled by 1/9. BatchNorm scales are frozen at 1 and
// only the whitening layer and BatchNorm have biases.
//
//   auto net = std::make_shared<AirbenchNet>(NetworkShape{.width = 64});
//   net->FitToData(images);          // whitening from the training images
#pragma once

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include "trainer/model/network.h"

namespace tune::trainer {

class ConvGroupImpl : public torch::nn::Module {
 public:
  ConvGroupImpl(int in_channels, int out_channels);
  at::Tensor forward(const at::Tensor& input);

 private:
  torch::nn::Conv2d conv1_{nullptr};
  torch::nn::BatchNorm2d norm1_{nullptr};
  torch::nn::Conv2d conv2_{nullptr};
  torch::nn::BatchNorm2d norm2_{nullptr};
};
TORCH_MODULE(ConvGroup);

class AirbenchNet : public Network {
 public:
  explicit AirbenchNet(const NetworkShape& shape);
  at::Tensor forward(const at::Tensor& input) override;

  // Sets the whitening filters from 2x2 patches of `images`: the covariance's
  // eigenvectors scaled by 1/sqrt(eigenvalue + 5e-4), and their negatives
  // (so that GELU keeps both signs).
  void FitToData(const at::Tensor& images) override;
  std::vector<at::Tensor> EarlyOnlyParameters() override;

  const torch::nn::Conv2d& whiten() const { return whiten_; }

 private:
  torch::nn::Conv2d whiten_{nullptr};
  ConvGroup group1_{nullptr};
  ConvGroup group2_{nullptr};
  ConvGroup group3_{nullptr};
  torch::nn::Linear head_{nullptr};
};

// The whitening filters for `images` (N x C x H x W floats) and 2x2 patches:
// 2 x C x 4 filters of shape C x 2 x 2, eigenvectors by descending eigenvalue
// then their negatives. Public for tests.
at::Tensor WhiteningFilters(const at::Tensor& images, double eps = 5e-4);

}  // namespace tune::trainer
