#include "trainer/train/evaluate.h"

#include <torch/nn/functional/padding.h>
#include <torch/utils.h>

namespace tune::trainer {
namespace {

at::Tensor Mirrored(Network& network, const at::Tensor& images) {
  return 0.5 * network.forward(images) + 0.5 * network.forward(images.flip(-1));
}

}  // namespace

at::Tensor ToInputFormat(const at::Tensor& images, InputFormat format) {
  return images.to(format.dtype).contiguous(format.memory);
}

at::Tensor PredictLogits(Network& network, const at::Tensor& images, int tta) {
  if (tta <= 0) return network.forward(images);
  const at::Tensor mirrored = Mirrored(network, images);
  if (tta == 1) return mirrored;
  const int64_t height = images.size(2), width = images.size(3);
  namespace F = torch::nn::functional;
  const at::Tensor padded = F::pad(
      images, F::PadFuncOptions({1, 1, 1, 1}).mode(torch::kReflect));
  const at::Tensor up_left =
      padded.narrow(2, 0, height).narrow(3, 0, width).contiguous(
          images.suggest_memory_format());
  const at::Tensor down_right =
      padded.narrow(2, 2, height).narrow(3, 2, width).contiguous(
          images.suggest_memory_format());
  const at::Tensor shifted =
      0.5 * Mirrored(network, up_left) + 0.5 * Mirrored(network, down_right);
  return 0.5 * mirrored + 0.5 * shifted;
}

double Evaluate(Network& network, const BatchLoader& loader,
                const EvalSettings& settings) {
  torch::NoGradGuard no_grad;
  network.eval();
  at::Tensor correct_sum;
  for (int64_t i = 0; i < loader.num_batches(); ++i) {
    const Batch batch = loader.Get(i);
    const at::Tensor logits = PredictLogits(
        network, ToInputFormat(batch.inputs, settings.format), settings.tta);
    const at::Tensor right = (logits.argmax(1) == batch.targets).sum();
    correct_sum = correct_sum.defined() ? correct_sum + right : right;
  }
  return static_cast<double>(correct_sum.item<int64_t>()) /
         static_cast<double>(loader.size());
}

}  // namespace tune::trainer
