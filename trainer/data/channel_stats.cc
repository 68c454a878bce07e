#include "trainer/data/channel_stats.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace tune::trainer {

ChannelStats MeasureChannelStats(const ImageDataset& dataset) {
  const size_t plane = static_cast<size_t>(dataset.height) * dataset.width;
  const size_t pixels = dataset.PixelsPerImage();
  ChannelStats stats;
  for (int c = 0; c < dataset.channels; ++c) {
    // Exact integer sums via a histogram: no rounding drift over millions of
    // pixels, and one pass.
    std::array<uint64_t, 256> histogram{};
    for (size_t i = 0; i < dataset.Size(); ++i) {
      const uint8_t* start = dataset.images.data() + i * pixels + c * plane;
      for (size_t p = 0; p < plane; ++p) ++histogram[start[p]];
    }
    double count = 0, sum = 0, sum_sq = 0;
    for (int v = 0; v < 256; ++v) {
      const double n = static_cast<double>(histogram[v]);
      count += n;
      sum += n * v;
      sum_sq += n * v * v;
    }
    const double mean = count > 0 ? sum / count : 0.0;
    const double variance =
        count > 0 ? std::max(sum_sq / count - mean * mean, 0.0) : 0.0;
    stats.mean.push_back(mean);
    // A constant channel (or an empty set) would divide by zero.
    stats.stddev.push_back(std::max(std::sqrt(variance), 1.0));
  }
  return stats;
}

}  // namespace tune::trainer
