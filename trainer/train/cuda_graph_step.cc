#include "trainer/train/cuda_graph_step.h"

#include <exception>
#include <utility>

#ifdef TUNE_TRAINER_CUDA
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace tune::trainer {

#ifdef TUNE_TRAINER_CUDA
struct GraphedStep::Graph {
  c10::cuda::CUDAStream stream = c10::cuda::getStreamFromPool();
  at::cuda::CUDAGraph graph;
  bool captured = false;
  Batch input;      // the buffers the graph reads
  at::Tensor loss;  // the buffer it writes
};
#else
struct GraphedStep::Graph {
  bool captured = false;
};
#endif

GraphedStep::GraphedStep(StepFn step, bool enabled)
    : step_(std::move(step)), enabled_(enabled) {}

GraphedStep::~GraphedStep() = default;

bool GraphedStep::replaying() const { return graph_ && graph_->captured; }

#ifdef TUNE_TRAINER_CUDA
at::Tensor GraphedStep::Run(const Batch& batch) {
  if (!enabled_) return step_(batch);
  if (!graph_) graph_ = std::make_unique<Graph>();
  if (graph_->captured) {
    // A batch of another shape (none with drop_last) runs eagerly.
    if (batch.inputs.sizes() != graph_->input.inputs.sizes()) {
      return step_(batch);
    }
    graph_->input.inputs.copy_(batch.inputs);
    graph_->input.targets.copy_(batch.targets);
    graph_->graph.replay();
    return graph_->loss;
  }
  if (eager_steps_ < kEagerSteps) {
    // Lazy initialisation must happen on the stream that will capture; the
    // synchronisations order it with the main stream (three steps only).
    c10::cuda::device_synchronize();
    at::Tensor loss;
    {
      c10::cuda::CUDAStreamGuard guard(graph_->stream);
      loss = step_(batch);
    }
    c10::cuda::device_synchronize();
    ++eager_steps_;
    return loss;
  }
  try {
    graph_->input = Batch{batch.inputs.clone(), batch.targets.clone()};
    c10::cuda::device_synchronize();
    {
      c10::cuda::CUDAStreamGuard guard(graph_->stream);
      graph_->graph.capture_begin();
      graph_->loss = step_(graph_->input);
      graph_->graph.capture_end();
    }
    c10::cuda::device_synchronize();
  } catch (const std::exception& error) {
    // A failure inside the step leaves the stream capturing, which would
    // break every later allocation: end the capture, ignoring its error.
    try {
      c10::cuda::CUDAStreamGuard guard(graph_->stream);
      graph_->graph.capture_end();
    } catch (const std::exception&) {
    }
    // Capture only records work, so nothing was applied: run the step
    // eagerly, now and from here on.
    enabled_ = false;
    graph_.reset();
    fallback_reason_ = error.what();
    return step_(batch);
  }
  graph_->captured = true;
  graph_->graph.replay();
  return graph_->loss;
}
#else
at::Tensor GraphedStep::Run(const Batch& batch) {
  if (enabled_) {
    enabled_ = false;
    fallback_reason_ = "this libtorch was built without CUDA";
  }
  (void)eager_steps_;
  return step_(batch);
}
#endif

}  // namespace tune::trainer
