// A copy of a module's parameters and buffers, put back later into the same
// tensors: their storage stays where a captured CUDA graph, the optimizer
// and the data-parallel group point. Priming takes one before its throwaway
// steps. One thread at a time.
//
//   const ModuleSnapshot snapshot(*network);
//   ...train a little...
//   snapshot.Restore();
#pragma once

#include <ATen/core/Tensor.h>

#include <utility>
#include <vector>

namespace torch::nn {
class Module;
}

namespace tune::trainer {

class ModuleSnapshot {
 public:
  explicit ModuleSnapshot(const torch::nn::Module& module);

  // Copies the saved values back in place.
  void Restore() const;

 private:
  std::vector<std::pair<at::Tensor, at::Tensor>> saved_;  // live, copy
};

}  // namespace tune::trainer
