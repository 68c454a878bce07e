// The published recipes the trainer's defaults follow (--recipe). A recipe
// sets every hyperparameter and the settings no flag reaches (the
// schedule's ends, the augmentation's shift); flags then override.
// Torch-free; pure functions; thread-safe.
//
//   TrainerOptions options = RecipeDefaults(Recipe::kBlog);
//   options.lr = 0.3;  // torch.optim.SGD's units, as the recipe's
#pragma once

#include "trainer/options/trainer_options.h"

namespace tune::trainer {

// The options a run of `recipe` starts from: its hyperparameters in the
// units its authors published them in (airbench: per 1024 examples; the
// blog: torch.optim.SGD's), its network, schedule and augmentation.
TrainerOptions RecipeDefaults(Recipe recipe);

}  // namespace tune::trainer
