#include "trainer/train/evaluate.h"

#include <ATen/ATen.h>

#include <catch2/catch.hpp>

namespace tune::trainer {
namespace {

// Two "logits": the top-left and the top-right pixel of the one channel.
class CornerNet : public Network {
 public:
  at::Tensor forward(const at::Tensor& input) override {
    const int64_t w = input.size(3);
    return at::stack({input.select(1, 0).select(1, 0).select(1, 0),
                      input.select(1, 0).select(1, 0).select(1, w - 1)},
                     1);
  }
};

TEST_CASE("PredictLogits averages mirrored and shifted views by level") {
  // A 4 x 4 image whose pixel (y, x) is 4y + x.
  const at::Tensor image = at::arange(16, at::kFloat).view({1, 1, 4, 4});
  CornerNet net;
  const auto logits = [&](int tta) {
    const at::Tensor out = PredictLogits(net, image, tta);
    REQUIRE(out.sizes() == at::IntArrayRef({1, 2}));
    return std::pair{out[0][0].item<float>(), out[0][1].item<float>()};
  };
  CHECK(logits(0) == std::pair{0.0f, 3.0f});
  // Mirrored: the corners swap, so both average to 1.5.
  CHECK(logits(1) == std::pair{1.5f, 1.5f});
  // Shifted by one pixel with reflection, both corners of both shifted
  // views read row 1, columns 1 and 2 (5 and 6): (1.5 + 5.5) / 2.
  CHECK(logits(2) == std::pair{3.5f, 3.5f});
}

TEST_CASE("Evaluate counts the right answers of a whole split") {
  // Labels 0 where the top-left pixel is the larger corner, else 1.
  ImageDataset data;
  data.channels = 1;
  data.height = 2;
  data.width = 2;
  data.num_classes = 2;
  const std::vector<std::pair<uint8_t, uint8_t>> corners = {
      {9, 1}, {1, 9}, {5, 4}, {4, 5}, {7, 2}};
  const std::vector<uint8_t> labels = {0, 1, 0, 0, 0};  // 4th is wrong
  for (size_t i = 0; i < corners.size(); ++i) {
    data.images.insert(data.images.end(),
                       {corners[i].first, corners[i].second, 0, 0});
    data.labels.push_back(labels[i]);
  }
  const ChannelStats identity{.mean = {0.0}, .stddev = {1.0}};
  const BatchLoader loader(data, c10::Device(c10::kCPU), identity, 2, {});
  CornerNet net;
  CHECK(Evaluate(net, loader, {.tta = 0}) == Approx(4.0 / 5));
}

}  // namespace
}  // namespace tune::trainer
