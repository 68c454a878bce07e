#include "trainer/train/mixed_precision.h"

#include <ATen/ATen.h>
#include <torch/nn/modules/batchnorm.h>

#include <catch2/catch.hpp>
#include <memory>

namespace tune::trainer {
namespace {

TEST_CASE("FormatFor gives CUDA fp16 channels_last and CPU fp32 by default") {
  const c10::Device cpu(c10::kCPU), cuda(c10::kCUDA, 0);
  CHECK(FormatFor(cpu, Precision::kAuto).dtype == at::kFloat);
  CHECK(FormatFor(cpu, Precision::kAuto).memory ==
        c10::MemoryFormat::Contiguous);
  CHECK(FormatFor(cuda, Precision::kAuto).dtype == at::kHalf);
  CHECK(FormatFor(cuda, Precision::kAuto).memory ==
        c10::MemoryFormat::ChannelsLast);
  CHECK(FormatFor(cuda, Precision::kFloat32).dtype == at::kFloat);
  CHECK(FormatFor(cpu, Precision::kBFloat16).dtype == at::kBFloat16);
}

TEST_CASE("PlaceNetwork keeps BatchNorm in fp32 and its counters integers") {
  std::shared_ptr<Network> network = MakeNetwork(
      Architecture::kAirbench, {.in_channels = 3, .num_classes = 10, .width = 4});
  PlaceNetwork(*network, c10::Device(c10::kCPU),
               InputFormat{.dtype = at::kBFloat16,
                           .memory = c10::MemoryFormat::ChannelsLast});
  int norms = 0, convolutions = 0;
  for (const auto& module : network->modules(/*include_self=*/false)) {
    if (auto* norm = dynamic_cast<torch::nn::BatchNorm2dImpl*>(module.get())) {
      ++norms;
      CHECK(norm->bias.scalar_type() == at::kFloat);
      CHECK(norm->running_mean.scalar_type() == at::kFloat);
      CHECK(norm->running_var.scalar_type() == at::kFloat);
      CHECK(norm->num_batches_tracked.scalar_type() == at::kLong);
    }
  }
  for (const at::Tensor& parameter : network->parameters()) {
    if (parameter.dim() != 4) continue;
    ++convolutions;
    CHECK(parameter.scalar_type() == at::kBFloat16);
    CHECK(parameter.is_contiguous(c10::MemoryFormat::ChannelsLast));
  }
  CHECK(norms > 0);
  CHECK(convolutions > 0);
  // It still runs, in the low precision, on inputs of its format.
  const at::Tensor logits = network->forward(ToInputFormat(
      at::randn({2, 3, 32, 32}), InputFormat{.dtype = at::kBFloat16}));
  CHECK(logits.sizes() == at::IntArrayRef({2, 10}));
}

}  // namespace
}  // namespace tune::trainer
