// Rasterizes an SVG document to PNG bytes with librsvg and cairo, for
// tunectl plot -o FILE.png. The only translation unit that includes them;
// linked into tunectl alone. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tune::cli {

// The PNG file's bytes, at the document's own width and height times
// `scale` (both at most kMaxPngPixels per side). InvalidArgument when
// librsvg cannot read the document; Internal when cairo fails.
absl::StatusOr<std::string> SvgToPng(std::string_view svg, double scale = 1.0);

inline constexpr int kMaxPngPixels = 16384;

}  // namespace tune::cli
