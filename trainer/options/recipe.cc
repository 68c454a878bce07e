#include "trainer/options/recipe.h"

namespace tune::trainer {

TrainerOptions RecipeDefaults(Recipe recipe) {
  TrainerOptions options;  // airbench94's, field by field
  if (recipe == Recipe::kAirbench) return options;
  // The SageMaker blog's experiment: the myrtle.ai ResNet recipe ("How to
  // train your ResNet") it builds on, in torch.optim.SGD's units: a peak
  // rate of 0.4 per step of a mean loss over batches of 512, momentum 0.9,
  // weight decay 5e-4, a one-cycle schedule from 0 up to the peak over the
  // first fifth of the steps and back down to 0, 4-pixel crops and flips,
  // and none of airbench's extras.
  options.recipe = Recipe::kBlog;
  options.arch = Architecture::kResNet18;
  options.width = 64;
  options.lr = 0.4;
  options.lr_units = RateUnits::kTorch;
  options.momentum = 0.9;
  options.weight_decay = 5e-4;
  options.wd_units = RateUnits::kTorch;
  options.optimizer = OptimizerKind::kNesterov;
  options.batch_size = 512;
  options.epochs = 30;
  options.label_smoothing = 0;
  options.bias_scaler = 1;
  options.warmup = 0.2;
  options.lr_start_factor = 0;
  options.lr_end_factor = 0;
  options.whiten_bias_epochs = 0;
  options.lookahead = false;
  options.tta = 0;
  options.max_shift = 4;
  return options;
}

}  // namespace tune::trainer
