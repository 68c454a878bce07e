#include "trainer/model/network.h"

#include <ATen/ATen.h>
#include <torch/utils.h>

#include <catch2/catch.hpp>

#include "trainer/model/airbench_net.h"
#include "trainer/model/resnet.h"

namespace tune::trainer {
namespace {

TEST_CASE("Both networks map image batches to class logits") {
  torch::manual_seed(0);
  for (Architecture arch : {Architecture::kAirbench, Architecture::kResNet18}) {
    SECTION("Fashion-MNIST shape") {
      auto net = MakeNetwork(arch, {.in_channels = 1, .num_classes = 10,
                                    .width = 4});
      CHECK(net->forward(at::randn({5, 1, 28, 28})).sizes() ==
            at::IntArrayRef({5, 10}));
    }
    SECTION("CIFAR-10 shape") {
      auto net = MakeNetwork(arch, {.in_channels = 3, .num_classes = 7,
                                    .width = 4});
      CHECK(net->forward(at::randn({2, 3, 32, 32})).sizes() ==
            at::IntArrayRef({2, 7}));
    }
  }
}

TEST_CASE("airbench's network has the recipe's frozen and biased parts") {
  AirbenchNet net({.in_channels = 3, .num_classes = 10, .width = 8});
  // The whitening weights and every BatchNorm scale are fixed.
  CHECK_FALSE(net.whiten()->weight.requires_grad());
  int biases = 0;
  for (const auto& item : net.named_parameters()) {
    const std::string& name = item.key();
    const at::Tensor& parameter = item.value();
    const bool norm_weight =
        name.find("norm") != std::string::npos &&
        name.find("weight") != std::string::npos;
    if (norm_weight) CHECK_FALSE(parameter.requires_grad());
    if (name.find("bias") != std::string::npos) ++biases;
  }
  // Only the whitening layer and the six BatchNorms have biases.
  CHECK(biases == 7);
  CHECK(NormBiases(net).size() == 6);
  REQUIRE(net.EarlyOnlyParameters().size() == 1);
  CHECK(net.EarlyOnlyParameters()[0].is_same(net.whiten()->bias));
}

TEST_CASE("Whitening filters decorrelate 2x2 patches to unit variance") {
  torch::manual_seed(3);
  // Correlated images: smooth noise (neighbours share values) with
  // channels mixed, so the patch covariance is far from the identity.
  const at::Tensor noise = at::randn({200, 3, 17, 17});
  const at::Tensor smooth =
      at::avg_pool2d(noise, 2, 1) * 3 + 0.5 * noise.narrow(2, 0, 16).narrow(3, 0, 16);
  const at::Tensor mix = at::tensor({1.0f, 0.5f, 0.2f, 0.3f, 1.0f, 0.4f,
                                     0.1f, 0.6f, 1.0f})
                             .view({3, 3});
  const at::Tensor images =
      at::einsum("ij,njhw->nihw", {mix, smooth}).contiguous();

  const at::Tensor filters = WhiteningFilters(images, /*eps=*/0);
  REQUIRE(filters.sizes() == at::IntArrayRef({24, 3, 2, 2}));
  // The second half is the first, negated.
  CHECK(at::allclose(filters.narrow(0, 12, 12), -filters.narrow(0, 0, 12)));
  // Applied to the images, the first 12 filters give outputs whose
  // covariance over all positions is the identity.
  const at::Tensor out = at::conv2d(images, filters.narrow(0, 0, 12));
  const at::Tensor rows = out.permute({0, 2, 3, 1}).reshape({-1, 12});
  const at::Tensor covariance = rows.t().matmul(rows) / rows.size(0);
  CHECK(at::allclose(covariance, at::eye(12), /*rtol=*/0, /*atol=*/1e-3));
  // Ordered by descending eigenvalue: the first filter is the smallest
  // (it divides by the largest spread).
  const at::Tensor norms = filters.narrow(0, 0, 12).flatten(1).norm(2, 1);
  CHECK(norms[0].item<float>() < norms[11].item<float>());
}

TEST_CASE("FitToData writes the whitening filters into the network") {
  torch::manual_seed(4);
  AirbenchNet net({.in_channels = 1, .num_classes = 10, .width = 4});
  const at::Tensor images = at::randn({50, 1, 12, 12});
  net.FitToData(images);
  CHECK(at::allclose(net.whiten()->weight, WhiteningFilters(images)));
}

TEST_CASE("ResNet-18 blocks start as the identity") {
  // With the last BatchNorm of each block zeroed, a block is ReLU of its
  // shortcut: for an identity block, ReLU(input) = input when the input is
  // non-negative.
  ResidualBlock block(4, 4, 1);
  const at::Tensor input = at::rand({2, 4, 6, 6});
  CHECK(at::allclose(block->forward(input), input));
  ResNet18 net({.in_channels = 3, .num_classes = 10, .width = 2});
  // Stem norm plus two per block plus three shortcut norms.
  CHECK(NormBiases(net).size() == 1 + 16 + 3);
}

}  // namespace
}  // namespace tune::trainer
