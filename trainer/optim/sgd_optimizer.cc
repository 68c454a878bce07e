#include "trainer/optim/sgd_optimizer.h"

#include <utility>
#include <vector>

namespace tune::trainer {

std::unique_ptr<torch::optim::SGD> MakeSgd(torch::nn::Module& model,
                                           const SgdSettings& settings) {
  std::vector<torch::Tensor> decayed;
  std::vector<torch::Tensor> not_decayed;
  for (const torch::Tensor& parameter : model.parameters()) {
    // Matrices and conv kernels have 2+ dimensions; BN scales and all biases
    // have one.
    (parameter.dim() > 1 ? decayed : not_decayed).push_back(parameter);
  }
  auto options = [&](double weight_decay) {
    return std::make_unique<torch::optim::SGDOptions>(
        torch::optim::SGDOptions(settings.lr)
            .momentum(settings.momentum)
            .nesterov(settings.nesterov && settings.momentum > 0)
            .weight_decay(weight_decay));
  };
  std::vector<torch::optim::OptimizerParamGroup> groups;
  if (!decayed.empty()) {
    groups.emplace_back(std::move(decayed), options(settings.weight_decay));
  }
  if (!not_decayed.empty()) {
    groups.emplace_back(std::move(not_decayed), options(0.0));
  }
  return std::make_unique<torch::optim::SGD>(
      std::move(groups), torch::optim::SGDOptions(settings.lr));
}

void SetLearningRate(torch::optim::Optimizer& optimizer, double lr) {
  for (torch::optim::OptimizerParamGroup& group : optimizer.param_groups()) {
    group.options().set_lr(lr);
  }
}

}  // namespace tune::trainer
