#include "trainer/train/epoch_log.h"

#include <catch2/catch.hpp>
#include <limits>
#include <regex>
#include <string>

namespace tune::trainer {
namespace {

// The regexes the tuner's log scrapers use.
const std::regex kAccuracy(R"(Validation accuracy=([0-9\.]+))");
const std::regex kLoss(R"(Train loss=([0-9\.]+))");

std::string Capture(const std::string& line, const std::regex& regex) {
  std::smatch match;
  if (!std::regex_search(line, match, regex)) return "(no match)";
  return match[1].str();
}

TEST_CASE("FormatEpochLine writes the documented line") {
  const std::string line = FormatEpochLine({.epoch = 3,
                                            .val_accuracy = 0.87124,
                                            .train_loss = 0.41234,
                                            .lr = 0.0512,
                                            .seconds = 12.34});
  CHECK(line ==
        "Epoch 3, Validation accuracy=0.8712, Train loss=0.4123, "
        "lr=0.051200, time=12.34s");
  CHECK(Capture(line, kAccuracy) == "0.8712");
  CHECK(Capture(line, kLoss) == "0.4123");
  CHECK(line.find_first_of("\r\n") == std::string::npos);
}

TEST_CASE("FormatEpochLine never uses exponent notation") {
  const std::string line = FormatEpochLine({.epoch = 1,
                                            .val_accuracy = 1e-7,
                                            .train_loss = 12345.678,
                                            .lr = 1e-9,
                                            .seconds = 1e-3});
  CHECK_FALSE(std::regex_search(line, std::regex("[0-9][eE][-+]?[0-9]")));
  CHECK(Capture(line, kAccuracy) == "0.0000");
  CHECK(Capture(line, kLoss) == "12345.6780");
  CHECK_THAT(line, Catch::Contains("lr=0.000000"));
}

TEST_CASE("FormatEpochLine shows a diverged loss as nan") {
  const std::string line =
      FormatEpochLine({.epoch = 2,
                       .val_accuracy = 0.1,
                       .train_loss = std::numeric_limits<double>::quiet_NaN(),
                       .lr = 0.5,
                       .seconds = 1});
  CHECK_THAT(line, Catch::Contains("Train loss=nan,"));
  CHECK_THAT(FormatEpochLine(
                 {.train_loss = -std::numeric_limits<double>::quiet_NaN()}),
             Catch::Contains("Train loss=nan,"));
  CHECK(Capture(line, kLoss) == "(no match)");
  CHECK(Capture(line, kAccuracy) == "0.1000");
}

TEST_CASE("FormatFinalLine writes the documented line") {
  const std::string line = FormatFinalLine(0.87124, 45.61);
  CHECK(line == "Final Validation accuracy=0.8712, training seconds=45.61");
  CHECK(Capture(line, kAccuracy) == "0.8712");
}

TEST_CASE("FormatPrimingLine gives the untimed seconds") {
  const std::string line = FormatPrimingLine(2.0351);
  CHECK_THAT(line, Catch::StartsWith("primed in 2.04 s, untimed ("));
  // Not a line the accuracy scrapers could mistake for a result.
  CHECK(Capture(line, kAccuracy) == "(no match)");
}

}  // namespace
}  // namespace tune::trainer
