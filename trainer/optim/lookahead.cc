#include "trainer/optim/lookahead.h"

#include <torch/utils.h>

namespace tune::trainer {

std::vector<at::Tensor> Lookahead::FloatState(torch::nn::Module& network) {
  std::vector<at::Tensor> state;
  for (const at::Tensor& parameter : network.parameters()) {
    state.push_back(parameter);
  }
  // BatchNorm's running statistics; its batch counter is an integer.
  for (const at::Tensor& buffer : network.buffers()) {
    if (at::isFloatingType(buffer.scalar_type())) state.push_back(buffer);
  }
  return state;
}

Lookahead::Lookahead(torch::nn::Module& network) {
  torch::NoGradGuard no_grad;
  for (const at::Tensor& tensor : FloatState(network)) {
    average_.push_back(tensor.detach().clone());
  }
}

void Lookahead::Update(torch::nn::Module& network, double decay) {
  torch::NoGradGuard no_grad;
  const std::vector<at::Tensor> state = FloatState(network);
  for (size_t i = 0; i < state.size() && i < average_.size(); ++i) {
    average_[i].lerp_(state[i], 1.0 - decay);
    state[i].copy_(average_[i]);
  }
}

}  // namespace tune::trainer
