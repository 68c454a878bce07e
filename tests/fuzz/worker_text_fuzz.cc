// libFuzzer target: any bytes as text a trainer printed. ValidUtf8 must
// make it something protobuf accepts in a string field (what tunerd's
// parser checks), and leave valid UTF-8 as it was.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "tune/v1/worker.pb.h"
#include "worker/valid_utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  tune::v1::TrialEnded ended;
  ended.set_log_tail(tune::worker::ValidUtf8(text));
  std::string wire;
  tune::v1::TrialEnded parsed;
  if (!ended.SerializeToString(&wire) || !parsed.ParseFromString(wire)) {
    std::abort();
  }
  if (tune::worker::ValidUtf8(ended.log_tail()) != ended.log_tail()) std::abort();
  return 0;
}
