// Chooses the device to train on from --device: auto picks CUDA when this
// libtorch was built with it and a GPU is present, else the CPU. The same
// source builds against Debian's CPU-only libtorch 1.13 and CUDA libtorch
// 2.x. Stateless; call from one thread before training starts.
#pragma once

#include <c10/core/Device.h>

#include "absl/status/statusor.h"
#include "trainer/options/trainer_options.h"

namespace tune::trainer {

// Data-parallel process `rank` of `processes` gets GPU `rank` (of those in
// CUDA_VISIBLE_DEVICES). FailedPrecondition when cuda is asked for but
// unusable here, or when there are fewer GPUs than processes.
absl::StatusOr<c10::Device> SelectDevice(DeviceChoice choice, int rank,
                                         int processes);

}  // namespace tune::trainer
