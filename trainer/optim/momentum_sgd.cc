#include "trainer/optim/momentum_sgd.h"

#include <ATen/ATen.h>
#include <torch/utils.h>

#include <utility>

namespace tune::trainer {

MomentumSgd::MomentumSgd(std::vector<SgdGroup> groups, SgdSettings settings)
    : groups_(std::move(groups)), settings_(settings) {
  for (const SgdGroup& group : groups_) {
    const c10::Device device = group.params.empty()
                                   ? c10::Device(c10::kCPU)
                                   : group.params.front().device();
    state_.push_back(GroupState{
        .lr = at::zeros({}, at::TensorOptions().dtype(at::kFloat).device(
                                device)),
        .momentum = {}});
  }
}

void MomentumSgd::SetLearningRate(double lr) {
  for (size_t i = 0; i < groups_.size(); ++i) {
    state_[i].lr.fill_(lr * groups_[i].lr_scale);
  }
}

void MomentumSgd::SetLrScale(size_t index, double lr_scale) {
  if (index < groups_.size()) groups_[index].lr_scale = lr_scale;
}

void MomentumSgd::ZeroGrad() {
  for (const SgdGroup& group : groups_) {
    std::vector<at::Tensor> grads;
    for (const at::Tensor& param : group.params) {
      if (param.grad().defined()) grads.push_back(param.grad());
    }
    if (!grads.empty()) at::_foreach_zero_(grads);
  }
}

void MomentumSgd::Step() {
  torch::NoGradGuard no_grad;
  for (size_t g = 0; g < groups_.size(); ++g) {
    const SgdGroup& group = groups_[g];
    GroupState& state = state_[g];
    std::vector<at::Tensor> params, steps;
    for (const at::Tensor& param : group.params) {
      if (!param.grad().defined()) continue;
      params.push_back(param);
      // The gradient buffer becomes the step: it is zeroed before the next
      // backward anyway, and reusing it saves an allocation per parameter.
      steps.push_back(param.grad());
    }
    if (params.empty()) continue;
    if (group.weight_decay != 0) {
      at::_foreach_add_(steps, params, group.weight_decay);
    }
    if (settings_.momentum != 0) {
      if (state.momentum.size() != params.size()) {
        // torch.optim.SGD's first step: buf = d.
        state.momentum.clear();
        for (const at::Tensor& step : steps) {
          state.momentum.push_back(step.clone());
        }
      } else {
        at::_foreach_mul_(state.momentum, settings_.momentum);
        at::_foreach_add_(state.momentum, steps);
      }
      if (settings_.nesterov) {
        at::_foreach_add_(steps, state.momentum, settings_.momentum);
      } else {
        for (size_t i = 0; i < steps.size(); ++i) {
          steps[i].copy_(state.momentum[i]);
        }
      }
    }
    // p -= lr * d, with lr a device tensor: broadcast over each step.
    const std::vector<at::Tensor> rates(steps.size(), state.lr);
    at::_foreach_mul_(steps, rates);
    at::_foreach_sub_(params, steps);
  }
}

void MomentumSgd::ResetMomentum() {
  torch::NoGradGuard no_grad;
  for (GroupState& state : state_) {
    if (!state.momentum.empty()) at::_foreach_zero_(state.momentum);
  }
}

}  // namespace tune::trainer
