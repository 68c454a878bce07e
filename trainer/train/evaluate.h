// Accuracy on a split, with airbench's test-time augmentation: level 0 is
// the plain prediction, 1 averages the logits of each image and its mirror
// image, 2 also averages (half weight) those of the image shifted one pixel
// up-left and down-right (reflected at the border). One thread at a time.
//
//   double accuracy = Evaluate(*net, val_loader, {.tta = 2});
#pragma once

#include <ATen/core/Tensor.h>

#include "trainer/model/network.h"
#include "trainer/train/batch_loader.h"
#include "trainer/train/mixed_precision.h"

namespace tune::trainer {

struct EvalSettings {
  int tta = 0;  // 0, 1 or 2
  InputFormat format;
};

// The logits for normalised `images` at the given TTA level.
at::Tensor PredictLogits(Network& network, const at::Tensor& images,
                         int tta);

// The fraction of the loader's images classified right, in eval mode; the
// network is left in eval mode.
double Evaluate(Network& network, const BatchLoader& loader,
                const EvalSettings& settings);

}  // namespace tune::trainer
