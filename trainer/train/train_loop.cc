#include "trainer/train/train_loop.h"

#include <c10/core/DeviceGuard.h>
#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

#include <chrono>
#include <cmath>
#include <exception>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "trainer/data/channel_stats.h"
#include "trainer/model/network.h"
#include "trainer/optim/lookahead.h"
#include "trainer/optim/momentum_sgd.h"
#include "trainer/optim/warmup_decay_schedule.h"
#include "trainer/options/sgd_rates.h"
#include "trainer/train/batch_loader.h"
#include "trainer/train/cuda_graph_step.h"
#include "trainer/train/data_parallel.h"
#include "trainer/train/device.h"
#include "trainer/train/evaluate.h"
#include "trainer/train/mixed_precision.h"
#include "trainer/train/module_snapshot.h"

namespace tune::trainer {
namespace {

using Clock = std::chrono::steady_clock;

// airbench evaluates 2000 images at a time; without gradients big batches
// are cheap and cut the per-batch overhead.
constexpr int64_t kEvalBatchSize = 2000;
// airbench whitens from the first 5000 training images.
constexpr int64_t kWhiteningImages = 5000;
constexpr int kLookaheadEvery = 5;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Flips and shifts (the recipe's, 2 pixels for airbench, 4 for the blog's
// padded crops) are CIFAR-10's augmentation. The synthetic set stands in
// for CIFAR-10 in timing runs, so it pays for them too. Fashion-MNIST's
// garments are centred, and are left plain.
Augmentation AugmentationFor(const TrainerOptions& options) {
  if (options.dataset == DatasetKind::kFashionMnist) return {};
  return {.flip = true, .max_shift = options.max_shift};
}

// Group order for MomentumSgd::SetLrScale.
enum GroupIndex : size_t { kNormBiases = 0, kEarlyOnly = 1, kOthers = 2 };

// airbench's bias_scaler speeds up the BatchNorm biases' learning, not their
// decay (GroupWeightDecay).
MomentumSgd MakeOptimizer(Network& network, const TrainerOptions& options,
                          const SgdRates& rates) {
  std::vector<at::Tensor> norm_biases = NormBiases(network);
  std::vector<at::Tensor> early_only = network.EarlyOnlyParameters();
  std::set<const void*> grouped;
  for (const at::Tensor& t : norm_biases) grouped.insert(t.unsafeGetTensorImpl());
  for (const at::Tensor& t : early_only) grouped.insert(t.unsafeGetTensorImpl());
  std::vector<at::Tensor> others;
  for (const at::Tensor& parameter : network.parameters()) {
    if (parameter.requires_grad() &&
        !grouped.contains(parameter.unsafeGetTensorImpl())) {
      others.push_back(parameter);
    }
  }
  const auto group = [&](std::vector<at::Tensor> params, double scale) {
    return SgdGroup{.params = std::move(params),
                    .lr_scale = scale,
                    .weight_decay = GroupWeightDecay(rates, scale)};
  };
  std::vector<SgdGroup> groups;
  groups.push_back(group(std::move(norm_biases), options.bias_scaler));
  groups.push_back(group(std::move(early_only), 1.0));
  groups.push_back(group(std::move(others), 1.0));
  return MomentumSgd(
      std::move(groups),
      SgdSettings{.momentum = options.momentum,
                  .nesterov = options.optimizer == OptimizerKind::kNesterov});
}

std::vector<at::Tensor> Gradients(Network& network) {
  std::vector<at::Tensor> grads;
  for (const at::Tensor& parameter : network.parameters()) {
    if (parameter.grad().defined()) grads.push_back(parameter.grad());
  }
  return grads;
}

// BatchNorm's running statistics.
std::vector<at::Tensor> FloatBuffers(Network& network) {
  std::vector<at::Tensor> buffers;
  for (const at::Tensor& buffer : network.buffers()) {
    if (at::isFloatingType(buffer.scalar_type())) buffers.push_back(buffer);
  }
  return buffers;
}

void AverageAcross(DataParallelGroup& group,
                   const std::vector<at::Tensor>& tensors) {
  group.AllReduceSum(tensors);
  for (const at::Tensor& tensor : tensors) {
    tensor.div_(static_cast<double>(group.world_size()));
  }
}

// This process's rows of a batch: an even share by rank.
Batch Shard(const Batch& batch, int rank, int world_size) {
  if (world_size == 1) return batch;
  const int64_t n = batch.inputs.size(0);
  const int64_t begin = n * rank / world_size;
  const int64_t end = n * (rank + 1) / world_size;
  return Batch{batch.inputs.narrow(0, begin, end - begin),
               batch.targets.narrow(0, begin, end - begin)};
}

struct Trainer {
  Network& network;
  MomentumSgd& sgd;
  DataParallelGroup* group;  // null for one process
  InputFormat format;
  torch::nn::functional::CrossEntropyFuncOptions loss_options;

  // One step on this process's share of `batch`; returns its summed loss.
  at::Tensor Step(const Batch& batch) {
    const Batch mine = group ? Shard(batch, group->rank(), group->world_size())
                             : batch;
    sgd.ZeroGrad();
    const at::Tensor loss = torch::nn::functional::cross_entropy(
        network.forward(ToInputFormat(mine.inputs, format)).to(at::kFloat),
        mine.targets, loss_options);
    loss.backward();
    if (group != nullptr) group->AllReduceSum(Gradients(network));
    sgd.Step();
    return loss.detach();
  }
};

// airbench's whitening layer fitted to the first training images (other
// networks ignore it).
void FitWhitening(Network& network, const BatchLoader& train_loader) {
  network.FitToData(ToInputFormat(train_loader.FirstImages(kWhiteningImages),
                                  InputFormat{}));
}

bool ShouldPrime(Priming choice, const c10::Device& device) {
  if (choice == Priming::kAuto) return device.is_cuda();
  return choice == Priming::kOn;
}

// What the first steps of a run pay once, paid before the clock starts:
// cuDNN's autotuning of every convolution (training and evaluation
// shapes), the CUDA graph's capture, kernel loading and library handles.
// Like airbench's untimed warm-up run, but a few steps long. The network's
// weights and statistics and the optimizer's momentum are then put back in
// place, so that training starts from the same state as without priming.
void Prime(Network& network, MomentumSgd& sgd, GraphedStep& graphed,
           BatchLoader& train_loader, const BatchLoader* val_loader,
           const EvalSettings& eval) {
  const ModuleSnapshot snapshot(network);
  FitWhitening(network, train_loader);
  network.train();
  train_loader.StartEpoch(1);
  // A rate of zero leaves the weights where they are; only the kernels
  // matter here.
  sgd.SetLearningRate(0);
  // Through the capture and one replay.
  for (int i = 0; i < GraphedStep::kEagerSteps + 2; ++i) {
    graphed.Run(train_loader.Get(i % train_loader.num_batches()));
  }
  // Reading the accuracy also waits for the steps to finish.
  if (val_loader != nullptr) Evaluate(network, *val_loader, eval);
  snapshot.Restore();
  sgd.ResetMomentum();
}

absl::StatusOr<TrainingResult> Train(const TrainerOptions& options,
                                     const TrainValData& data,
                                     const TrainingCallbacks& callbacks) {
  torch::set_num_threads(options.threads);
  torch::manual_seed(options.seed);
  absl::StatusOr<c10::Device> device =
      SelectDevice(options.device, options.rank, options.gpus);
  if (!device.ok()) return device.status();
  // Allocations without an explicit device (cuDNN workspaces, CUDA
  // contexts) go to this process's GPU, not GPU 0.
  const c10::DeviceGuard device_guard(*device);
  const InputFormat format = FormatFor(*device, options.precision);

  std::unique_ptr<DataParallelGroup> group;
  if (options.gpus > 1) {
    absl::StatusOr<std::unique_ptr<DataParallelGroup>> joined =
        DataParallelGroup::Join(options.dist_store, options.rank,
                                options.gpus, *device);
    if (!joined.ok()) return joined.status();
    group = *std::move(joined);
  }
  const bool reports = options.rank == 0;

  const ChannelStats stats = MeasureChannelStats(data.train);
  BatchLoader train_loader(data.train, *device, stats, options.batch_size,
                           AugmentationFor(options),
                           /*drop_last=*/true);
  const BatchLoader val_loader(data.val, *device, stats, kEvalBatchSize, {});
  std::shared_ptr<Network> network = MakeNetwork(
      options.arch, NetworkShape{.in_channels = data.train.channels,
                                 .num_classes = data.train.num_classes,
                                 .width = options.width});
  PlaceNetwork(*network, *device, format);

  const SgdRates rates = SgdRatesFor(options);
  const WarmupDecaySchedule schedule(
      options.epochs * train_loader.num_batches(),
      ScheduleShape{.warmup_fraction = options.warmup,
                    .start_factor = options.lr_start_factor,
                    .end_factor = options.lr_end_factor});
  if (reports && callbacks.on_info) {
    callbacks.on_info(absl::StrCat(
        "device=", device->str(), " processes=", options.gpus,
        group ? absl::StrCat(" (", group->backend(), ")") : "",
        " dtype=", std::string(c10::toString(format.dtype)),
        " threads=", options.threads,
        " dataset=", std::string(DatasetKindName(options.dataset)),
        " train=", train_loader.size(), " val=", val_loader.size(),
        data.val_is_test ? " (the test split)" : "",
        " test=", data.test.Size(), " image=",
        data.train.channels, "x", data.train.height, "x", data.train.width,
        " arch=", options.arch == Architecture::kAirbench ? "airbench"
                                                           : "resnet18",
        " width=", options.width, " steps=", schedule.total_steps()));
  }

  MomentumSgd sgd = MakeOptimizer(*network, options, rates);
  Trainer trainer{
      .network = *network,
      .sgd = sgd,
      .group = group.get(),
      .format = format,
      .loss_options = torch::nn::functional::CrossEntropyFuncOptions()
                          .label_smoothing(options.label_smoothing)
                          .reduction(torch::kSum)};

  // NCCL's collectives inside a captured graph need more care than this
  // takes, so several processes run eagerly.
  GraphedStep graphed([&](const Batch& batch) { return trainer.Step(batch); },
                      options.cuda_graphs && device->is_cuda() && !group);
  if (ShouldPrime(options.prime, *device)) {
    const Clock::time_point priming = Clock::now();
    Prime(*network, sgd, graphed, train_loader, reports ? &val_loader : nullptr,
          {.tta = options.tta, .format = format});
    if (reports && callbacks.on_info) {
      callbacks.on_info(FormatPrimingLine(SecondsSince(priming)));
    }
  }
  // Training's random draws (batch order, shifts) start from the same state
  // whether or not priming drew some.
  torch::manual_seed(options.seed + 1);

  TrainingResult result;
  Clock::time_point start = Clock::now();
  FitWhitening(*network, train_loader);
  if (group) group->Broadcast(network->parameters());
  std::optional<Lookahead> lookahead;
  if (options.lookahead) lookahead.emplace(*network);
  int64_t step = 0;
  bool graphs_reported = false;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    if (epoch > options.whiten_bias_epochs) sgd.SetLrScale(kEarlyOnly, 0.0);
    network->train();
    train_loader.StartEpoch(epoch);
    // Summed on the device and read once at the end: reading every batch's
    // loss would stall a GPU on each step.
    at::Tensor loss_sum;
    double factor = 0;
    for (int64_t i = 0; i < train_loader.num_batches(); ++i) {
      factor = schedule.Factor(step);
      sgd.SetLearningRate(rates.summed_loss_lr * factor);
      const at::Tensor loss = graphed.Run(train_loader.Get(i));
      // A replayed graph overwrites `loss` at the next step: copy it first.
      loss_sum = loss_sum.defined() ? loss_sum + loss : loss.clone();
      ++step;
      if (lookahead && step % kLookaheadEvery == 0) {
        lookahead->Update(*network, LookaheadDecay(step, schedule.total_steps()));
      }
    }
    if (lookahead && epoch == options.epochs) lookahead->Update(*network, 1.0);
    if (group) {
      // Every process decides on divergence from the same, whole-batch loss,
      // so all stop together; and evaluation uses BatchNorm statistics of
      // every share of the batches, not rank 0's only.
      group->AllReduceSum({loss_sum});
      AverageAcross(*group, FloatBuffers(*network));
    }
    // Reading the loss waits for the device, so the clock is honest.
    const double mean_loss =
        loss_sum.item<double>() /
        static_cast<double>(train_loader.images_per_pass());
    result.training_seconds += SecondsSince(start);
    result.epochs_run = epoch;
    // Capture comes after a few eager steps, so an epoch of fewer steps
    // cannot tell yet.
    if (!graphs_reported && graphed.decided() && reports &&
        callbacks.on_info && device->is_cuda()) {
      graphs_reported = true;
      callbacks.on_info(
          graphed.replaying()
              ? std::string("CUDA graphs: replaying the training step")
              : absl::StrCat("CUDA graphs: off",
                             graphed.fallback_reason().empty()
                                 ? std::string()
                                 : absl::StrCat(" (", graphed.fallback_reason(),
                                                ")")));
    }
    if (reports) {
      result.final_val_accuracy =
          Evaluate(*network, val_loader, {.tta = 0, .format = format});
      if (callbacks.on_epoch) {
        callbacks.on_epoch(EpochReport{.epoch = epoch,
                                       .val_accuracy = result.final_val_accuracy,
                                       .train_loss = mean_loss,
                                       .lr = rates.torch_lr * factor,
                                       .seconds = result.training_seconds});
      }
    }
    start = Clock::now();
    if (!std::isfinite(mean_loss)) {
      // The weights are NaN or inf now; more epochs only burn time.
      result.diverged = true;
      break;
    }
  }
  if (reports) {
    result.final_val_accuracy =
        Evaluate(*network, val_loader, {.tta = options.tta, .format = format});
    result.training_seconds += SecondsSince(start);
    // After the clock: the test split is the record, not part of training.
    result.test_accuracy = result.final_val_accuracy;
    if (!data.val_is_test) {
      const BatchLoader test_loader(data.test, *device, stats, kEvalBatchSize,
                                    {});
      result.test_accuracy = Evaluate(
          *network, test_loader, {.tta = options.tta, .format = format});
    }
  }
  return result;
}

}  // namespace

absl::StatusOr<TrainingResult> RunTraining(const TrainerOptions& options,
                                           const TrainValData& data,
                                           const TrainingCallbacks& callbacks) {
  if (data.train.Size() == 0 || data.val.Size() == 0 ||
      data.test.Size() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "need at least one training, one validation and one test image, "
        "have ",
        data.train.Size(), ", ", data.val.Size(), " and ", data.test.Size()));
  }
  // libtorch reports failures (out of GPU memory, a lost peer) by throwing;
  // turn them into a status so main reports them like any other error.
  try {
    return Train(options, data, callbacks);
  } catch (const std::exception& error) {
    return absl::InternalError(absl::StrCat("libtorch: ", error.what()));
  }
}

}  // namespace tune::trainer
