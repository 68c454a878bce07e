// Runs the training step as a CUDA graph: the first few steps run eagerly
// on a side stream (cuDNN picks its algorithms, gradients and momentum
// buffers get allocated), the next is captured, and every later step only
// copies its batch into the graph's input buffers and replays all of the
// forward, backward and optimizer kernels with one launch. The learning rate
// comes from MomentumSgd's device tensors, so the schedule still applies.
// Where this libtorch has no CUDA, or a capture fails, steps run eagerly.
// One thread at a time.
//
//   GraphedStep step([&](const Batch& b) { return trainer.Step(b); }, true);
//   at::Tensor loss = step.Run(loader.Get(i));
#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>
#include <string>

#include "trainer/train/batch_loader.h"

namespace tune::trainer {

class GraphedStep {
 public:
  using StepFn = std::function<at::Tensor(const Batch&)>;
  // Steps before the capture; the next is captured, the ones after replay.
  // PyTorch's recipe for whole-network capture warms up for a few steps.
  static constexpr int kEagerSteps = 3;

  // `enabled` false (CPU, several processes, --cuda-graphs off) always runs
  // `step` eagerly.
  GraphedStep(StepFn step, bool enabled);
  ~GraphedStep();

  // One training step on `batch`; returns its loss (a tensor the next Run
  // may overwrite when graphed: read or copy it before).
  at::Tensor Run(const Batch& batch);

  // Why graphs are off, when they were asked for and failed; else "".
  const std::string& fallback_reason() const { return fallback_reason_; }
  bool replaying() const;
  // True once every later step runs the same way: replaying the captured
  // graph, or eagerly for good (graphs off, or a failed capture).
  bool decided() const { return !enabled_ || replaying(); }

 private:
  struct Graph;  // the CUDA parts, in CUDA builds

  StepFn step_;
  bool enabled_;
  int eager_steps_ = 0;
  std::unique_ptr<Graph> graph_;
  std::string fallback_reason_;
};

}  // namespace tune::trainer
