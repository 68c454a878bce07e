// Builds the SGD optimizer (plain or Nesterov momentum) for a model and sets
// its learning rate, which the one-cycle schedule changes every batch.
// Weight decay applies to conv and linear weights only: decaying BatchNorm
// scales and biases only slows training. The optimizer, like the model, is
// used by one thread at a time.
#pragma once

#include <torch/nn/module.h>
#include <torch/optim/sgd.h>

#include <memory>

namespace tune::trainer {

struct SgdSettings {
  double lr = 0.1;
  double momentum = 0.9;
  double weight_decay = 5e-4;
  bool nesterov = true;
};

// Nesterov needs momentum > 0 in libtorch; with zero momentum it is plain
// SGD anyway, so that case quietly becomes plain SGD instead of an error.
std::unique_ptr<torch::optim::SGD> MakeSgd(torch::nn::Module& model,
                                           const SgdSettings& settings);

void SetLearningRate(torch::optim::Optimizer& optimizer, double lr);

}  // namespace tune::trainer
