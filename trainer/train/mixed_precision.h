// airbench's mixed precision: on CUDA the network computes in fp16 (or
// bf16) with channels_last layout while its BatchNorm layers keep fp32
// parameters and statistics; on CPU everything stays fp32 unless asked.
//
//   InputFormat format = FormatFor(device, options.precision);
//   PlaceNetwork(*net, device, format);
//   at::Tensor logits = net->forward(ToInputFormat(images, format));
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/MemoryFormat.h>
#include <c10/core/ScalarType.h>

#include "trainer/model/network.h"
#include "trainer/options/trainer_options.h"

namespace tune::trainer {

// How the network wants its inputs: its dtype and memory layout.
struct InputFormat {
  c10::ScalarType dtype = c10::ScalarType::Float;
  c10::MemoryFormat memory = c10::MemoryFormat::Contiguous;
};

// --precision on `device`: auto is fp16 on CUDA and fp32 on CPU; CUDA also
// gets channels_last.
InputFormat FormatFor(c10::Device device, Precision precision);

// `images` converted to `format`.
at::Tensor ToInputFormat(const at::Tensor& images, InputFormat format);

// Moves the network to `device` in `format`, BatchNorm layers in fp32 and
// their batch counters left integers.
void PlaceNetwork(Network& network, c10::Device device, InputFormat format);

}  // namespace tune::trainer
