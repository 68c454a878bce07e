#include "trainer/model/network.h"

#include <torch/nn/modules/batchnorm.h>

#include "trainer/model/airbench_net.h"
#include "trainer/model/resnet.h"

namespace tune::trainer {

std::shared_ptr<Network> MakeNetwork(Architecture arch,
                                     const NetworkShape& shape) {
  switch (arch) {
    case Architecture::kResNet18:
      return std::make_shared<ResNet18>(shape);
    case Architecture::kAirbench:
      break;
  }
  return std::make_shared<AirbenchNet>(shape);
}

std::vector<at::Tensor> NormBiases(torch::nn::Module& network) {
  std::vector<at::Tensor> result;
  for (const std::shared_ptr<torch::nn::Module>& module : network.modules(/*include_self=*/false)) {
    if (dynamic_cast<torch::nn::BatchNorm2dImpl*>(module.get()) == nullptr) {
      continue;
    }
    const at::Tensor& bias =
        dynamic_cast<torch::nn::BatchNorm2dImpl&>(*module).bias;
    if (bias.defined() && bias.requires_grad()) result.push_back(bias);
  }
  return result;
}

}  // namespace tune::trainer
