#include "trainer/train/device.h"

#include <ATen/Context.h>
#include <torch/cuda.h>

#include "absl/status/status.h"

namespace tune::trainer {

absl::StatusOr<c10::Device> SelectDevice(DeviceChoice choice) {
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
  return c10::Device(c10::kCUDA, 0);
}

}  // namespace tune::trainer
