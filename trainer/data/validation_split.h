// Holds out part of the training images for validation, so that what a
// tuner optimises ("Validation accuracy") is not the test split's accuracy.
// Torch-free; pure; thread-safe.
//
// The held-out images are the last ones of the training set as read (after
// --train-limit): for CIFAR-10 and Fashion-MNIST the same images for every
// trial of a job, whatever its seed, so trials compare on one validation
// set; their files are in random order, so the tail is a fair sample of
// every class. (The synthetic set draws its images from the seed.)
//
//   absl::StatusOr<ImageDataset> val = HoldOutValidation(train, 0.1);
#pragma once

#include "absl/status/statusor.h"
#include "trainer/data/image_dataset.h"

namespace tune::trainer {

// Moves round(fraction x size) images, at least 1, from the end of `train`
// into the returned set. InvalidArgument, naming --val-fraction, when
// `fraction` is not in (0, 1) or either side would be left empty; `train`
// is then unchanged.
absl::StatusOr<ImageDataset> HoldOutValidation(ImageDataset& train,
                                               double fraction);

}  // namespace tune::trainer
