// airbench's lookahead: an exponential moving average of the network's
// floating-point state (parameters and BatchNorm statistics) that, every few
// steps, moves towards the weights and then replaces them. With the decay of
// LookaheadDecay it is nearly off early and strong at the end. One thread at
// a time.
//
//   Lookahead lookahead(*net);
//   if (step % 5 == 0) lookahead.Update(*net, LookaheadDecay(step, total));
//   lookahead.Update(*net, 1.0);  // at the end: the weights become the EMA
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>

#include <vector>

namespace tune::trainer {

class Lookahead {
 public:
  explicit Lookahead(torch::nn::Module& network);

  // ema = decay * ema + (1 - decay) * weights; weights = ema.
  void Update(torch::nn::Module& network, double decay);

 private:
  static std::vector<at::Tensor> FloatState(torch::nn::Module& network);

  std::vector<at::Tensor> average_;
};

}  // namespace tune::trainer
