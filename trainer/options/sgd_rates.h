// Turns the options' learning rate and weight decay, in whichever units
// they were given (RateUnits), into the two numbers the training loop
// applies to its summed loss. Torch-free; pure; thread-safe.
//
// The loop sums the loss over a batch, so torch.optim.SGD's rate `lr` on a
// mean loss is lr / batch_size per unit of summed gradient, and its coupled
// weight decay removes lr x wd of each weight per step.
//
//   SgdRates rates = SgdRatesFor(options);
//   sgd.SetLearningRate(rates.summed_loss_lr * schedule.Factor(step));
#pragma once

#include "trainer/options/trainer_options.h"

namespace tune::trainer {

struct SgdRates {
  // The peak step per unit of gradient of the batch's summed loss.
  double summed_loss_lr = 0;
  // The peak fraction of every weight that decay removes per step (torch's
  // lr x weight_decay); it follows the schedule as the rate does.
  double decay = 0;
  // The peak rate in torch.optim.SGD's units (per step of a mean loss), as
  // the epoch lines print it.
  double torch_lr = 0;
};

SgdRates SgdRatesFor(const TrainerOptions& options);

// The weight_decay to give MomentumSgd for a group whose rate is
// summed_loss_lr x lr_scale, so that it decays `rates.decay` per step: the
// decay is the same in every group, whatever its rate.
double GroupWeightDecay(const SgdRates& rates, double lr_scale);

}  // namespace tune::trainer
