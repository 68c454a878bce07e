#include "worker/valid_utf8.h"

#include <catch2/catch.hpp>

#include "tune/v1/worker.pb.h"

namespace tune::worker {
namespace {

TEST_CASE("valid UTF-8 passes through, every invalid byte becomes U+FFFD") {
  struct Case {
    std::string in;
    std::string out;
  };
  const std::string r = "\xEF\xBF\xBD";
  const std::vector<Case> cases = {
      {"plain ascii\n", "plain ascii\n"},
      {"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"},
      {"caf\xE9\n", "caf" + r + "\n"},                 // Latin-1
      {"\xE2\x82", r + r},                             // cut mid-character
      {"\x82\xAC tail", r + r + " tail"},              // cut at the front
      {"\xC0\xAF", r + r},                             // overlong '/'
      {"\xED\xA0\x80", r + r + r},                     // a surrogate
      {"\xF4\x90\x80\x80", r + r + r + r},             // past U+10FFFF
      {std::string("nul\0ok", 6), std::string("nul\0ok", 6)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(ValidUtf8(c.in) == c.out);
  }
}

TEST_CASE("every string field of a message is made valid, nested ones too") {
  tune::v1::WorkerMessage message;
  auto* reg = message.mutable_register_();
  reg->set_worker_id("w\xFF");
  auto* ended = reg->add_ended();
  ended->set_log_tail("caf\xE9\n");
  ended->add_unmatched_metrics("acc\xC3");
  auto* running = reg->add_running();
  running->add_points()->set_metric("lo\xE9ss");
  MakeStringsValidUtf8(message);
  std::string wire;
  CHECK(message.SerializeToString(&wire));
  tune::v1::WorkerMessage parsed;
  CHECK(parsed.ParseFromString(wire));  // what tunerd does
  CHECK(parsed.register_().ended(0).log_tail() == "caf\xEF\xBF\xBD\n");
  CHECK(parsed.register_().running(0).points(0).metric() == "lo\xEF\xBF\xBDss");
}

}  // namespace
}  // namespace tune::worker
