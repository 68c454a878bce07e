#include "tuner/cli/metric_check.h"

#include <catch2/catch.hpp>
#include <sstream>

namespace tune::cli {
namespace {

tune::spec::JobSpec Spec() {
  tune::spec::JobSpec spec;
  spec.name = "job";
  spec.objective_metric_name = "score";
  spec.metric_definitions = {{"loss", R"(loss=([0-9.]+))"},
                             {"score", R"(score=(\S+))"},
                             {"throughput", R"(throughput=([0-9]+) img/s)"}};
  return spec;
}

std::vector<MetricReport> Check(const tune::spec::JobSpec& spec,
                                const std::string& log) {
  std::istringstream in(log);
  auto reports = CheckMetrics(spec, in);
  REQUIRE(reports.ok());
  return *reports;
}

TEST_CASE("every matching line is reported with its number, step and value") {
  const auto reports = Check(Spec(),
                             "starting\n"
                             "epoch 1: loss=0.5 score=0.25\r\n"
                             "throughput=1001 img/s\n"
                             "noise\n"
                             "epoch 2: loss=0.25 score=0.75");  // no final \n
  REQUIRE(reports.size() == 3);
  CHECK(reports[0].name == "loss");
  CHECK_FALSE(reports[0].objective);
  CHECK(reports[1].objective);
  REQUIRE(reports[0].matches.size() == 2);
  CHECK(reports[0].matches[0].line == 2);
  CHECK(reports[0].matches[0].step == 1);
  CHECK(*reports[0].matches[0].value == 0.5);
  CHECK(reports[0].matches[0].text == "epoch 1: loss=0.5 score=0.25");
  CHECK(reports[0].matches[1].line == 5);
  CHECK(reports[0].matches[1].step == 2);
  REQUIRE(reports[1].matches.size() == 2);
  CHECK(*reports[1].matches[0].value == 0.25);  // the CR is not captured
  CHECK(*reports[1].matches[1].value == 0.75);
  REQUIRE(reports[2].matches.size() == 1);
  CHECK(reports[2].matches[0].line == 3);
  CHECK(*reports[2].matches[0].value == 1001);

  std::ostringstream out, err;
  CHECK(PrintMetricReports(reports, "sample.log", out, err) == 0);
  CHECK(out.str().find(
            "  line 2: 0.5  step 1  | epoch 1: loss=0.5 score=0.25\n") !=
        std::string::npos);
  CHECK(out.str().find("all 3 metric(s) matched") != std::string::npos);
  CHECK(err.str().empty());
}

TEST_CASE("a metric without a match is a loud warning and exit code 1") {
  const auto reports = Check(Spec(), "epoch 1: loss=0.5\n");
  std::ostringstream out, err;
  CHECK(PrintMetricReports(reports, "sample.log", out, err) == 1);
  CHECK(err.str().find(
            "WARNING: metric throughput: no line of sample.log matched") !=
        std::string::npos);
  CHECK(err.str().find("!!! WARNING: the OBJECTIVE metric score: no line of "
                       "sample.log matched") != std::string::npos);
  CHECK(err.str().find("objective metric score was never reported") !=
        std::string::npos);
  CHECK(err.str().find("2 of 3 metric(s) got no value") != std::string::npos);
}

TEST_CASE(
    "a match whose capture is not a number is shown, and gives no value") {
  const auto reports = Check(Spec(), "score=nan\nscore=abc\nscore=1.5\n");
  const MetricReport& score = reports[1];
  REQUIRE(score.matches.size() == 3);
  CHECK_FALSE(score.matches[0].value.has_value());
  CHECK(score.matches[0].step == 1);
  CHECK(score.matches[1].step == 2);
  CHECK(score.matches[2].step == 3);  // as workerd counts them
  CHECK(*score.matches[2].value == 1.5);
  CHECK(score.values() == 1);

  const auto only_bad = Check(Spec(), "score=nan\n");
  std::ostringstream out, err;
  CHECK(PrintMetricReports(only_bad, "x.log", out, err) == 1);
  CHECK(out.str().find("NOT A NUMBER") != std::string::npos);
  CHECK(err.str().find("matched but no capture was a number") !=
        std::string::npos);
}

TEST_CASE("long lines are cut for display only") {
  const std::string line = "loss=0.5 " + std::string(1000, 'x');
  const auto reports = Check(Spec(), line + "\n");
  REQUIRE(reports[0].matches.size() == 1);
  CHECK(reports[0].matches[0].text.size() <= kMaxShownLineBytes + 3);
  CHECK(reports[0].matches[0].text.substr(reports[0].matches[0].text.size() -
                                          3) == "...");
}

TEST_CASE("a regex the scraper refuses is an error naming the metric") {
  tune::spec::JobSpec spec = Spec();
  spec.metric_definitions.push_back({"broken", "no capture group"});
  std::istringstream in("loss=1\n");
  auto reports = CheckMetrics(spec, in);
  REQUIRE_FALSE(reports.ok());
  CHECK(reports.status().message().find("broken") != std::string::npos);
}

TEST_CASE("a spec without metric definitions has nothing to check") {
  tune::spec::JobSpec spec = Spec();
  spec.metric_definitions.clear();
  const auto reports = Check(spec, "loss=1\n");
  std::ostringstream out, err;
  CHECK(PrintMetricReports(reports, "x.log", out, err) == 0);
  CHECK(out.str().find("nothing to check") != std::string::npos);
}

}  // namespace
}  // namespace tune::cli
