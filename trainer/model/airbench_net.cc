#include "trainer/model/airbench_net.h"

#include <ATen/ATen.h>
#include <torch/nn/init.h>
#include <torch/utils.h>

#include <algorithm>

namespace tune::trainer {
namespace {

constexpr int kWhitenKernel = 2;
// airbench: torch momentum 1 - 0.6, and an eps that only guards zero.
constexpr double kBatchNormMomentum = 0.4;
constexpr double kBatchNormEps = 1e-12;
constexpr double kOutputScale = 1.0 / 9;

torch::nn::BatchNorm2d FrozenScaleNorm(int channels) {
  torch::nn::BatchNorm2d norm(torch::nn::BatchNormOptions(channels)
                                  .momentum(kBatchNormMomentum)
                                  .eps(kBatchNormEps));
  norm->weight.set_requires_grad(false);
  return norm;
}

// A 3x3 'same' convolution without bias whose first filters start as the
// identity (dirac), so each group starts close to passing its input on.
torch::nn::Conv2d IdentityStartConv(int in_channels, int out_channels) {
  torch::nn::Conv2d conv(torch::nn::Conv2dOptions(in_channels, out_channels, 3)
                             .padding(1)
                             .bias(false));
  torch::NoGradGuard no_grad;
  torch::nn::init::dirac_(
      conv->weight.narrow(0, 0, std::min(in_channels, out_channels)));
  return conv;
}

}  // namespace

ConvGroupImpl::ConvGroupImpl(int in_channels, int out_channels)
    : conv1_(register_module("conv1",
                             IdentityStartConv(in_channels, out_channels))),
      norm1_(register_module("norm1", FrozenScaleNorm(out_channels))),
      conv2_(register_module("conv2",
                             IdentityStartConv(out_channels, out_channels))),
      norm2_(register_module("norm2", FrozenScaleNorm(out_channels))) {}

at::Tensor ConvGroupImpl::forward(const at::Tensor& input) {
  at::Tensor x = torch::max_pool2d(conv1_->forward(input), 2);
  x = torch::gelu(norm1_->forward(x));
  return torch::gelu(norm2_->forward(conv2_->forward(x)));
}

AirbenchNet::AirbenchNet(const NetworkShape& shape) {
  const int whiten_width = 2 * shape.in_channels * kWhitenKernel * kWhitenKernel;
  whiten_ = register_module(
      "whiten",
      torch::nn::Conv2d(torch::nn::Conv2dOptions(shape.in_channels,
                                                 whiten_width, kWhitenKernel)
                            .bias(true)));
  whiten_->weight.set_requires_grad(false);
  group1_ = register_module("group1", ConvGroup(whiten_width, shape.width));
  group2_ =
      register_module("group2", ConvGroup(shape.width, 4 * shape.width));
  group3_ =
      register_module("group3", ConvGroup(4 * shape.width, 4 * shape.width));
  head_ = register_module(
      "head", torch::nn::Linear(
                  torch::nn::LinearOptions(4 * shape.width, shape.num_classes)
                      .bias(false)));
}

at::Tensor AirbenchNet::forward(const at::Tensor& input) {
  at::Tensor x = torch::gelu(whiten_->forward(input));
  x = group3_->forward(group2_->forward(group1_->forward(x)));
  // airbench's MaxPool2d(3) on the 3x3 map that 32x32 inputs leave; a global
  // max also fits the 28x28 Fashion-MNIST images.
  x = std::get<0>(x.flatten(2).max(2));
  return head_->forward(x) * kOutputScale;
}

at::Tensor WhiteningFilters(const at::Tensor& images, double eps) {
  const int64_t channels = images.size(1);
  // Every 2x2 patch as a row of C*4 values.
  const at::Tensor patches = images.to(at::kFloat)
                                 .unfold(2, kWhitenKernel, 1)
                                 .unfold(3, kWhitenKernel, 1)
                                 .permute({0, 2, 3, 1, 4, 5})
                                 .reshape({-1, channels * 4});
  const at::Tensor covariance =
      patches.t().matmul(patches) / static_cast<double>(patches.size(0));
  auto [eigenvalues, eigenvectors] = at::linalg_eigh(covariance, "U");
  // Descending, as airbench orders them.
  eigenvalues = eigenvalues.flip(0);
  const at::Tensor filters =
      eigenvectors.t().flip(0) / (eigenvalues + eps).sqrt().unsqueeze(1);
  return at::cat({filters, -filters})
      .reshape({-1, channels, kWhitenKernel, kWhitenKernel});
}

void AirbenchNet::FitToData(const at::Tensor& images) {
  torch::NoGradGuard no_grad;
  whiten_->weight.copy_(WhiteningFilters(images.to(whiten_->weight.device())));
}

std::vector<at::Tensor> AirbenchNet::EarlyOnlyParameters() {
  return {whiten_->bias};
}

}  // namespace tune::trainer
