#include "trainer/train/train_loop.h"

#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

#include <chrono>
#include <cmath>
#include <exception>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "trainer/data/channel_stats.h"
#include "trainer/model/resnet.h"
#include "trainer/optim/one_cycle_schedule.h"
#include "trainer/optim/sgd_optimizer.h"
#include "trainer/train/batch_loader.h"
#include "trainer/train/device.h"

namespace tune::trainer {
namespace {

using Clock = std::chrono::steady_clock;

// Evaluation keeps no activations for backward, so big batches are cheap
// and cut the per-batch overhead.
constexpr int64_t kEvalBatchSize = 1000;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Flips and 2-pixel shifts are the standard cheap CIFAR-10 augmentation.
// Fashion-MNIST trials are left plain: its garments are centred and the
// quickstart's two-epoch trials are too short for augmentation to pay off
// (not measured here); the synthetic set has nothing to gain from it.
Augmentation AugmentationFor(DatasetKind kind) {
  if (kind == DatasetKind::kCifar10) return {.flip = true, .max_shift = 2};
  return {};
}

struct EpochStats {
  double mean_loss = 0;
  double last_lr = 0;
};

// One pass over the training set, stepping the schedule once per batch from
// `step` on; advances `step`.
EpochStats TrainEpoch(ResNet& model, torch::optim::SGD& optimizer,
                      const OneCycleSchedule& schedule, int64_t& step,
                      BatchLoader& loader, double label_smoothing) {
  model->train();
  loader.Shuffle();
  const auto loss_options =
      torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(
          label_smoothing);
  // Summed on the device and read once at the end: reading every batch's
  // loss would stall a GPU on each step.
  torch::Tensor loss_sum;
  EpochStats stats;
  for (int64_t i = 0; i < loader.num_batches(); ++i) {
    stats.last_lr = schedule.LearningRate(step++);
    SetLearningRate(optimizer, stats.last_lr);
    const Batch batch = loader.Get(i);
    optimizer.zero_grad();
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        model->forward(batch.inputs), batch.targets, loss_options);
    loss.backward();
    optimizer.step();
    const torch::Tensor weighted = loss.detach() * batch.targets.size(0);
    loss_sum = loss_sum.defined() ? loss_sum + weighted : weighted;
  }
  stats.mean_loss =
      loss_sum.item<double>() / static_cast<double>(loader.size());
  return stats;
}

// The fraction of the loader's images the model classifies right.
double Evaluate(ResNet& model, const BatchLoader& loader) {
  torch::NoGradGuard no_grad;
  model->eval();
  torch::Tensor correct_sum;
  for (int64_t i = 0; i < loader.num_batches(); ++i) {
    const Batch batch = loader.Get(i);
    const torch::Tensor right =
        (model->forward(batch.inputs).argmax(1) == batch.targets).sum();
    correct_sum = correct_sum.defined() ? correct_sum + right : right;
  }
  return static_cast<double>(correct_sum.item<int64_t>()) /
         static_cast<double>(loader.size());
}

absl::StatusOr<TrainingResult> Train(const TrainerOptions& options,
                                     const TrainValData& data,
                                     const TrainingCallbacks& callbacks) {
  torch::set_num_threads(options.threads);
  torch::manual_seed(options.seed);
  absl::StatusOr<c10::Device> device = SelectDevice(options.device);
  if (!device.ok()) return device.status();

  const ChannelStats stats = MeasureChannelStats(data.train);
  BatchLoader train_loader(data.train, *device, stats, options.batch_size,
                           AugmentationFor(options.dataset));
  BatchLoader val_loader(data.val, *device, stats, kEvalBatchSize, {});
  ResNet model(ResNetConfig{.in_channels = data.train.channels,
                            .num_classes = data.train.num_classes,
                            .width = options.width});
  model->to(*device);
  std::unique_ptr<torch::optim::SGD> optimizer = MakeSgd(
      *model,
      SgdSettings{.lr = options.lr,
                  .momentum = options.momentum,
                  .weight_decay = options.weight_decay,
                  .nesterov = options.optimizer == OptimizerKind::kNesterov});
  const OneCycleSchedule schedule(options.lr,
                                  options.epochs * train_loader.num_batches());

  if (callbacks.on_info) {
    callbacks.on_info(absl::StrCat(
        "device=", device->str(), " threads=", options.threads,
        " dataset=", std::string(DatasetKindName(options.dataset)),
        " train=", train_loader.size(), " val=", val_loader.size(), " image=",
        data.train.channels, "x", data.train.height, "x", data.train.width,
        " width=", options.width, " steps=", schedule.total_steps()));
  }

  TrainingResult result;
  const Clock::time_point start = Clock::now();
  int64_t step = 0;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const Clock::time_point epoch_start = Clock::now();
    const EpochStats epoch_stats =
        TrainEpoch(model, *optimizer, schedule, step, train_loader,
                   options.label_smoothing);
    result.final_val_accuracy = Evaluate(model, val_loader);
    result.epochs_run = epoch;
    if (callbacks.on_epoch) {
      callbacks.on_epoch(EpochReport{.epoch = epoch,
                                     .val_accuracy = result.final_val_accuracy,
                                     .train_loss = epoch_stats.mean_loss,
                                     .lr = epoch_stats.last_lr,
                                     .seconds = SecondsSince(epoch_start)});
    }
    if (!std::isfinite(epoch_stats.mean_loss)) {
      // The weights are NaN or inf now; more epochs only burn time.
      result.diverged = true;
      break;
    }
  }
  result.training_seconds = SecondsSince(start);
  return result;
}

}  // namespace

absl::StatusOr<TrainingResult> RunTraining(const TrainerOptions& options,
                                           const TrainValData& data,
                                           const TrainingCallbacks& callbacks) {
  if (data.train.Size() == 0 || data.val.Size() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("need at least one training and one validation image, "
                     "have ",
                     data.train.Size(), " and ", data.val.Size()));
  }
  // libtorch reports failures (out of GPU memory, say) by throwing; turn them
  // into a status so main reports them like any other error.
  try {
    return Train(options, data, callbacks);
  } catch (const std::exception& error) {
    return absl::InternalError(absl::StrCat("libtorch: ", error.what()));
  }
}

}  // namespace tune::trainer
