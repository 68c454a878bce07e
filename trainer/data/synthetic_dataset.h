// A made-up dataset in CIFAR-10's shape (3 x 32 x 32, 10 classes) for tests
// and timing runs on machines without the real data.
//
// Each class is a coloured sinusoidal grating with its own orientation,
// frequency and colour; every image draws a random phase and contrast, adds
// a random-orientation distractor grating and strong per-pixel noise, so a
// small CNN learns it over a few epochs but not in one step. Everything comes
// from the seed: the same arguments always give the same bytes. Pure function;
// thread-safe.
#pragma once

#include <cstdint>

#include "trainer/data/image_dataset.h"

namespace tune::trainer {

// Makes `count` images. The class patterns depend on `pattern_seed` only, so
// a training set and a validation set made with the same pattern seed and
// different `sample_seed`s share their classes but no images.
ImageDataset MakeSyntheticDataset(int64_t count, uint64_t pattern_seed,
                                  uint64_t sample_seed);

}  // namespace tune::trainer
