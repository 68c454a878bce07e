#include "trainer/train/mixed_precision.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/utils.h>

#include <memory>

namespace tune::trainer {

InputFormat FormatFor(c10::Device device, Precision precision) {
  InputFormat format;
  if (device.is_cuda()) format.memory = c10::MemoryFormat::ChannelsLast;
  switch (precision) {
    case Precision::kAuto:
      if (device.is_cuda()) format.dtype = at::kHalf;
      break;
    case Precision::kFloat32:
      break;
    case Precision::kFloat16:
      format.dtype = at::kHalf;
      break;
    case Precision::kBFloat16:
      format.dtype = at::kBFloat16;
      break;
  }
  return format;
}

at::Tensor ToInputFormat(const at::Tensor& images, InputFormat format) {
  return images.to(format.dtype).contiguous(format.memory);
}

void PlaceNetwork(Network& network, c10::Device device, InputFormat format) {
  // libtorch's Module::to converts every buffer to the dtype, integer ones
  // too (unlike PyTorch's), so the counters are put back below.
  network.to(device, format.dtype);
  for (const std::shared_ptr<torch::nn::Module>& module :
       network.modules(/*include_self=*/false)) {
    if (auto* norm = dynamic_cast<torch::nn::BatchNorm2dImpl*>(module.get())) {
      norm->to(at::kFloat);
      if (norm->num_batches_tracked.defined()) {
        norm->num_batches_tracked.set_data(
            norm->num_batches_tracked.to(at::kLong));
      }
    }
  }
  if (format.memory == c10::MemoryFormat::ChannelsLast) {
    torch::NoGradGuard no_grad;
    for (at::Tensor& parameter : network.parameters()) {
      if (parameter.dim() == 4) {
        parameter.set_data(
            parameter.contiguous(c10::MemoryFormat::ChannelsLast));
      }
    }
  }
}

}  // namespace tune::trainer
