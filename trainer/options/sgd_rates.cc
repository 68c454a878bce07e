#include "trainer/options/sgd_rates.h"

namespace tune::trainer {

SgdRates SgdRatesFor(const TrainerOptions& options) {
  const double batch = options.batch_size;
  // airbench's unit step: 1024 examples, times the gain momentum gives a
  // constant gradient (1 / (1 - mom)) plus the step itself.
  const double kilostep = 1024 * (1 + 1 / (1 - options.momentum));
  SgdRates rates;
  rates.summed_loss_lr = options.lr_units == RateUnits::kTorch
                             ? options.lr / batch
                             : options.lr / kilostep;
  rates.torch_lr = rates.summed_loss_lr * batch;
  rates.decay = options.wd_units == RateUnits::kTorch
                    ? rates.torch_lr * options.weight_decay
                    : options.weight_decay * batch / kilostep;
  return rates;
}

double GroupWeightDecay(const SgdRates& rates, double lr_scale) {
  return rates.decay / (rates.summed_loss_lr * lr_scale);
}

}  // namespace tune::trainer
