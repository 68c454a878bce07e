#include "trainer/train/module_snapshot.h"

#include <torch/nn/module.h>
#include <torch/utils.h>

namespace tune::trainer {

ModuleSnapshot::ModuleSnapshot(const torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (const at::Tensor& tensor : module.parameters()) {
    saved_.emplace_back(tensor, tensor.clone());
  }
  // BatchNorm's running statistics and step counts.
  for (const at::Tensor& tensor : module.buffers()) {
    saved_.emplace_back(tensor, tensor.clone());
  }
}

void ModuleSnapshot::Restore() const {
  torch::NoGradGuard no_grad;
  for (const auto& [live, copy] : saved_) live.copy_(copy);
}

}  // namespace tune::trainer
