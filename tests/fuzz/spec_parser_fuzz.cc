// libFuzzer target: any bytes as a job spec. The parser must answer OK or
// InvalidArgument (with a field path), never crash, hang or throw.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tuner/spec/spec_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const absl::StatusOr<tune::spec::JobSpec> spec = tune::spec::ParseJobSpec(text);
  if (!spec.ok() && spec.status().code() != absl::StatusCode::kInvalidArgument) {
    std::abort();  // bad input is the caller's mistake, nothing else
  }
  return 0;
}
