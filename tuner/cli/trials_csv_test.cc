#include "tuner/cli/trials_csv.h"

#include <catch2/catch.hpp>
#include <cmath>

namespace tune::cli {
namespace {

tune::v1::Trial MakeTrial(const std::string& id) {
  tune::v1::Trial trial;
  trial.set_id(id);
  trial.set_state(tune::v1::TRIAL_COMPLETED);
  trial.set_has_objective(true);
  trial.set_objective(0.1 + 0.2);  // 0.30000000000000004
  (*trial.mutable_hyperparameters())["lr"].set_double_value(0.001);
  (*trial.mutable_hyperparameters())["layers"].set_int_value(4);
  (*trial.mutable_hyperparameters())["opt"].set_string_value("sgd");
  trial.set_attempt(1);
  trial.set_worker_id("w1");
  trial.set_created_at(1714566896.789);
  trial.set_started_at(1714566897.0);
  trial.set_ended_at(1714566900.5);
  return trial;
}

TEST_CASE("CsvField quotes only what RFC 4180 requires") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {"", ""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\rhere", "\"cr\rhere\""},
      {" spaces kept ", " spaces kept "},
      {"\"", "\"\"\"\""},
  };
  for (const Case& c : cases) {
    INFO(c.in);
    CHECK(CsvField(c.in) == c.out);
  }
}

TEST_CASE("times are ISO 8601 UTC with milliseconds, empty when unset") {
  CHECK(IsoUtc(0) == "");
  CHECK(IsoUtc(-5) == "");
  CHECK(IsoUtc(NAN) == "");
  CHECK(IsoUtc(1714566896.789) == "2024-05-01T12:34:56.789Z");
  CHECK(IsoUtc(1714566896.9996) == "2024-05-01T12:34:57.000Z");
  CHECK(IsoUtc(86400) == "1970-01-02T00:00:00.000Z");
}

TEST_CASE("numbers read back to the same double") {
  for (double value : {0.1 + 0.2, 1.0, -2.5e-300, 123456789.123456789, 0.0}) {
    CHECK(std::stod(RoundTripNumber(value)) == value);
  }
  CHECK(RoundTripNumber(0.5) == "0.5");
}

TEST_CASE("the header and rows follow the column order, CRLF-terminated") {
  tune::v1::Trial failed = MakeTrial("job-2");
  failed.set_state(tune::v1::TRIAL_FAILED);
  failed.set_has_objective(false);
  failed.set_objective(0);
  failed.clear_worker_id();
  failed.set_started_at(0);
  failed.set_ended_at(0);
  failed.set_reason("exited with code 3, see \"log\"\nline two");
  failed.mutable_hyperparameters()->erase("opt");
  (*failed.mutable_hyperparameters())["extra"].set_string_value("x");

  const std::string csv =
      TrialsCsv({MakeTrial("job-1"), failed}, {"lr", "layers", "opt"});
  CHECK(csv ==
        "trial_id,state,objective,lr,layers,opt,attempt,worker,created_at,"
        "started_at,ended_at,reason\r\n"
        "job-1,Completed,0.30000000000000004,0.001,4,sgd,1,w1,"
        "2024-05-01T12:34:56.789Z,2024-05-01T12:34:57.000Z,"
        "2024-05-01T12:35:00.500Z,\r\n"
        "job-2,Failed,,0.001,4,,1,,2024-05-01T12:34:56.789Z,,,"
        "\"exited with code 3, see \"\"log\"\"\nline two\"\r\n");
}

TEST_CASE("no trials gives the header alone; values with commas are quoted") {
  CHECK(TrialsCsv({}, {"a,b"}) ==
        "trial_id,state,objective,\"a,b\",attempt,worker,created_at,"
        "started_at,ended_at,reason\r\n");
  tune::v1::Trial trial = MakeTrial("job-1");
  (*trial.mutable_hyperparameters())["opt"].set_string_value("adam,amsgrad");
  const std::string csv = TrialsCsv({trial}, {"opt"});
  CHECK(csv.find(",\"adam,amsgrad\",") != std::string::npos);
}

}  // namespace
}  // namespace tune::cli
