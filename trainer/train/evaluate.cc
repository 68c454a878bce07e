#include "trainer/train/evaluate.h"

#include <torch/nn/functional/padding.h>
#include <torch/utils.h>

namespace tune::trainer {
namespace {

at::Tensor Mirrored(Network& network, const at::Tensor& images) {
  return 0.5 * network.forward(images) + 0.5 * network.forward(images.flip(-1));
}

}  // namespace

at::Tensor PredictLogits(Network& network, const at::Tensor& images, int tta) {
  if (tta <= 0) return network.forward(images);
  const at::Tensor mirrored = Mirrored(network, images);
  if (tta == 1) return mirrored;
  const int64_t height = images.size(2), width = images.size(3);
  namespace F = torch::nn::functional;
  // Padded in fp32: libtorch 1.13 has no bf16 reflection padding on CPU.
  // The shifted views hold the same values, back in the images' type.
  const at::Tensor padded =
      F::pad(images.to(at::kFloat),
             F::PadFuncOptions({1, 1, 1, 1}).mode(torch::kReflect));
  const auto shifted_by = [&](int64_t offset) {
    return padded.narrow(2, offset, height)
        .narrow(3, offset, width)
        .to(images.scalar_type())
        .contiguous(images.suggest_memory_format());
  };
  const at::Tensor up_left = shifted_by(0);
  const at::Tensor down_right = shifted_by(2);
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
