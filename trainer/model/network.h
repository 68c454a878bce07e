// What the training loop needs of a network, and the factory that builds one
// by --arch. Networks follow libtorch's module rules: one thread at a time.
//
//   std::shared_ptr<Network> net = MakeNetwork(Architecture::kAirbench,
//                                              {.in_channels = 3});
//   net->FitToData(normalised_train_images);
//   at::Tensor logits = net->forward(images);  // N x num_classes
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>

#include <memory>
#include <vector>

#include "trainer/options/trainer_options.h"

namespace tune::trainer {

class Network : public torch::nn::Module {
 public:
  // `input` is N x C x H x W, normalised; returns N x num_classes logits.
  virtual at::Tensor forward(const at::Tensor& input) = 0;

  // Sets the weights that are computed from the data rather than learned
  // (airbench's whitening layer) from normalised training images.
  virtual void FitToData(const at::Tensor& /*images*/) {}

  // Parameters that train only for the first --whiten_bias_epochs epochs.
  virtual std::vector<at::Tensor> EarlyOnlyParameters() { return {}; }
};

struct NetworkShape {
  int in_channels = 3;
  int num_classes = 10;
  int width = 64;  // channels of the first stage
};

std::shared_ptr<Network> MakeNetwork(Architecture arch,
                                     const NetworkShape& shape);

// The biases of the network's BatchNorm layers, which the recipe gives a
// higher learning rate (airbench's bias_scaler).
std::vector<at::Tensor> NormBiases(torch::nn::Module& network);

}  // namespace tune::trainer
