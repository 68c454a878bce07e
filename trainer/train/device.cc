#include "trainer/train/device.h"

#include <ATen/Context.h>
#include <torch/cuda.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::trainer {

absl::StatusOr<c10::Device> SelectDevice(DeviceChoice choice, int rank,
                                         int processes) {
  // is_available() is false, not an error, in a CPU-only libtorch, so no
  // #ifdef is needed to build against one.
  const bool cuda = torch::cuda::is_available();
  if (choice == DeviceChoice::kCuda && !cuda) {
    return absl::FailedPreconditionError(
        "--device cuda: no CUDA GPU is usable (this libtorch may be "
        "CPU-only, or no GPU/driver is present)");
  }
  if (choice == DeviceChoice::kCpu || !cuda) {
    return c10::Device(c10::kCPU);
  }
  // The shapes never change during a run, so cuDNN's one-off search for the
  // fastest convolution algorithms pays for itself.
  at::globalContext().setBenchmarkCuDNN(true);
  const int64_t gpus = static_cast<int64_t>(torch::cuda::device_count());
  if (processes > gpus) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--gpus ", processes, ": only ", gpus,
        " GPU(s) visible (CUDA_VISIBLE_DEVICES); give the trial more "
        "(gpus_per_trial) or use --device cpu"));
  }
  return c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(rank));
}

}  // namespace tune::trainer
