// SGD with heavy-ball or Nesterov momentum, written for the trainer's fast
// path: each group's learning rate lives in a device tensor, so a captured
// CUDA graph replays the step with the schedule's current rate, and the
// updates use torch's multi-tensor (_foreach) kernels, a few launches per
// group rather than a few per parameter. The update is torch.optim.SGD's:
//   d = grad + weight_decay * p;  buf = momentum * buf + d;
//   d = nesterov ? d + momentum * buf : buf;  p -= lr * d
// One thread at a time.
//
//   MomentumSgd sgd({{.params = net->parameters(), .weight_decay = 5e-4}},
//                   {.momentum = 0.9, .nesterov = true});
//   sgd.SetLearningRate(0.1);
//   sgd.ZeroGrad(); loss.backward(); sgd.Step();
#pragma once

#include <ATen/core/Tensor.h>

#include <vector>

namespace tune::trainer {

struct SgdGroup {
  std::vector<at::Tensor> params;  // all on one device
  double lr_scale = 1;             // this group's rate is lr x lr_scale
  double weight_decay = 0;
};

struct SgdSettings {
  double momentum = 0.9;
  bool nesterov = true;
};

class MomentumSgd {
 public:
  MomentumSgd(std::vector<SgdGroup> groups, SgdSettings settings);

  // Sets every group's rate to lr x its scale. Outside a graph capture.
  void SetLearningRate(double lr);
  // Changes group `index`'s scale from the next SetLearningRate on; 0
  // freezes its parameters (their momentum still accumulates, unused).
  void SetLrScale(size_t index, double lr_scale);

  // Zeroes the gradients in place (not to none, so a graph keeps its
  // buffers). Parameters without a gradient yet are skipped.
  void ZeroGrad();
  // One update from the current gradients; a parameter without a gradient
  // is left alone.
  void Step();
  // Zeroes the momentum buffers in place (a captured graph keeps reading
  // them), so that the next Step is a first step's: buf = 0 * mom + d = d.
  void ResetMomentum();

  const std::vector<SgdGroup>& groups() const { return groups_; }

 private:
  struct GroupState {
    at::Tensor lr;                 // 0-dim float on the params' device
    std::vector<at::Tensor> momentum;  // per param, created on first step
  };

  std::vector<SgdGroup> groups_;
  std::vector<GroupState> state_;
  SgdSettings settings_;
};

}  // namespace tune::trainer
