#include "trainer/options/sgd_rates.h"

#include <catch2/catch.hpp>

namespace tune::trainer {
namespace {

TEST_CASE("SgdRatesFor: torch's lr on a mean loss is lr / batch on a sum") {
  TrainerOptions options;
  options.lr = 0.4;
  options.lr_units = RateUnits::kTorch;
  options.weight_decay = 5e-4;
  options.wd_units = RateUnits::kTorch;
  options.batch_size = 512;
  options.momentum = 0.9;
  const SgdRates rates = SgdRatesFor(options);
  CHECK(rates.summed_loss_lr == Approx(0.4 / 512));
  CHECK(rates.torch_lr == Approx(0.4));
  CHECK(rates.decay == Approx(0.4 * 5e-4));
  // The decay is the same in a group that learns 64x faster.
  CHECK(GroupWeightDecay(rates, 64) * rates.summed_loss_lr * 64 ==
        Approx(rates.decay));
}

TEST_CASE("SgdRatesFor: airbench's units are per 1024 examples") {
  TrainerOptions options;  // airbench: lr 11.5, wd 0.0153 per 1024, mom 0.85
  options.batch_size = 1024;
  const SgdRates rates = SgdRatesFor(options);
  CHECK(rates.torch_lr == Approx(1.5));  // 11.5 / (1 + 1 / 0.15)
  CHECK(rates.decay == Approx(0.0153 / (1 + 1 / 0.15)));
  // Half the batch: half the step on a mean loss, the same per example.
  options.batch_size = 512;
  CHECK(SgdRatesFor(options).torch_lr == Approx(0.75));
  CHECK(SgdRatesFor(options).summed_loss_lr == Approx(rates.summed_loss_lr));
}

}  // namespace
}  // namespace tune::trainer
