// tunectl's offline outputs through real processes: export (CSV) and plot
// (SVG, PNG) of a job run by tunerd and workerd with the fake trainer,
// watch's progress lines, and validate-metrics on a spec and log written
// here.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tests/support/cluster.h"
#include "tests/support/fake_job.h"
#include "tests/support/trials.h"
#include "tuner/plots/testing/mini_xml.h"

namespace tune::testing {
namespace {

using tune::plots::testing::FindByClass;
using tune::plots::testing::ParseXml;
using tune::plots::testing::XmlElement;

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// RFC 4180: fields split on commas, quoted fields may hold commas, doubled
// quotes and line breaks; rows end in CRLF (a bare LF is accepted).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

XmlElement ParseSvgFile(const std::string& path) {
  const std::string text = ReadFile(path);
  auto root = ParseXml(text);
  INFO(path << ": " << (root.ok() ? "" : root.status().ToString()));
  REQUIRE(root.ok());
  return *std::move(root);
}

std::string Spec(const std::string& name, int max_jobs) {
  FakeJob job;
  job.name = name;
  job.max_jobs = std::to_string(max_jobs);
  job.max_parallel_jobs = 3;
  job.ranges =
      "  x:    {type: Continuous, min: 0.01, max: 1.0, scaling: Logarithmic}\n"
      "  y:    {type: Integer, min: 1, max: 9}\n"
      "  kind: {type: Categorical, values: [a, b, c]}\n";
  job.statics = "  epochs: 3\n  sleep: 0.05\n";
  job.random_seed = 11;
  return FakeJobSpec(job);
}

TEST_CASE("tunectl export and plot describe a finished job's trials") {
  Cluster cluster;
  cluster.StartTuner();
  cluster.StartWorker("w1", 3);
  constexpr int kTrials = 6;
  REQUIRE(cluster
              .Tunectl({"create-job",
                        cluster.WriteSpec("s.yaml", Spec("drawn", kTrials))})
              .first == 0);
  auto [watched, watch_out] = cluster.Tunectl({"watch", "drawn"});
  INFO(watch_out);
  REQUIRE(watched == 0);
  // Not a terminal: whole progress lines, no carriage returns.
  CHECK(watch_out.find("job_completed") != std::string::npos);
  CHECK(watch_out.find("progress: 6/6 done, 0 running, 0 failed, best ") !=
        std::string::npos);
  CHECK(watch_out.find('\r') == std::string::npos);

  const auto trials = ListTrials(cluster.stub(), "drawn");
  REQUIRE(trials.size() == kTrials);

  SECTION(
      "export writes one row per trial with the objectives list-trials shows") {
    const std::string csv_path = cluster.dir() + "/trials.csv";
    auto [exported, export_out] =
        cluster.Tunectl({"export", "drawn", "-o", csv_path});
    INFO(export_out);
    REQUIRE(exported == 0);
    const std::string csv = ReadFile(csv_path);
    const auto rows = ParseCsv(csv);
    REQUIRE(rows.size() == kTrials + 1);
    CHECK(rows[0] ==
          std::vector<std::string>{"trial_id", "state", "objective", "x", "y",
                                   "kind", "attempt", "worker", "created_at",
                                   "started_at", "ended_at", "reason"});

    auto [listed, list_out] =
        cluster.Tunectl({"-o", "json", "list-trials", "drawn"});
    REQUIRE(listed == 0);
    const auto json = nlohmann::json::parse(list_out);
    std::map<std::string, double> objectives;
    for (const auto& trial : json.at("trials")) {
      objectives[trial.at("id").get<std::string>()] =
          trial.at("objective").get<double>();
    }
    REQUIRE(objectives.size() == kTrials);
    std::set<std::string> seen;
    for (size_t r = 1; r < rows.size(); ++r) {
      const auto& row = rows[r];
      INFO(csv);
      REQUIRE(row.size() == rows[0].size());
      seen.insert(row[0]);
      REQUIRE(objectives.count(row[0]) == 1);
      CHECK(std::stod(row[2]) == objectives[row[0]]);
      CHECK(row[1] == "Completed");
      CHECK(std::stod(row[3]) >= 0.01);                             // x
      CHECK(row[5].find_first_not_of("abc") == std::string::npos);  // kind
      CHECK(row[6] == "1");                                         // attempt
      CHECK(row[7] == "w1");                                        // worker
      for (int t : {8, 9, 10}) {
        CHECK(row[t].size() == 24);  // 2024-05-01T12:34:56.789Z
        CHECK(row[t].back() == 'Z');
      }
    }
    CHECK(seen.size() == kTrials);

    // -o - writes the same table to stdout.
    auto [to_stdout, stdout_csv] =
        cluster.Tunectl({"export", "drawn", "-o", "-"});
    CHECK(to_stdout == 0);
    CHECK(stdout_csv == csv);
  }

  SECTION("each kind of plot has a mark per trial") {
    const std::string dir = cluster.dir();
    for (const char* kind :
         {"timeline", "objective", "curves", "parallel", "model"}) {
      auto [plotted, plot_out] = cluster.Tunectl(
          {"plot", "drawn", "--kind", kind, "-o", dir + "/" + kind + ".svg"});
      INFO(kind << ": " << plot_out);
      REQUIRE(plotted == 0);
    }
    const XmlElement timeline = ParseSvgFile(dir + "/timeline.svg");
    CHECK(FindByClass(timeline, "mark timeline-point").size() == kTrials);

    const XmlElement objective = ParseSvgFile(dir + "/objective.svg");
    const auto panels = FindByClass(objective, "panel");
    REQUIRE(panels.size() == 3);
    CHECK(FindByClass(objective, "mark objective-point").size() == 3 * kTrials);
    std::map<std::string, std::string> scales;
    for (const XmlElement* panel : panels) {
      CHECK(FindByClass(*panel, "mark objective-point").size() == kTrials);
      scales[panel->Attribute("data-param")] =
          FindByClass(*panel, "x-axis").at(0)->Attribute("data-scale");
    }
    CHECK(scales ==
          std::map<std::string, std::string>{
              {"x", "log"}, {"y", "linear"}, {"kind", "categorical"}});
    CHECK(FindByClass(objective, "category-column").size() == 3);

    const XmlElement curves = ParseSvgFile(dir + "/curves.svg");
    const auto lines = FindByClass(curves, "mark curve");
    REQUIRE(lines.size() == kTrials);
    for (const XmlElement* line : lines)
      CHECK(line->Attribute("data-points") == "3");

    const XmlElement parallel = ParseSvgFile(dir + "/parallel.svg");
    CHECK(FindByClass(parallel, "mark parallel-line").size() == kTrials);

    // The model: a panel, a band and a mean per hyperparameter, and every
    // completed trial on each panel.
    const XmlElement model = ParseSvgFile(dir + "/model.svg");
    const auto model_panels = FindByClass(model, "panel");
    REQUIRE(model_panels.size() == 3);
    CHECK(FindByClass(model, "model-band").size() == 3);
    CHECK(FindByClass(model, "model-mean").size() == 3);
    double importance = 0;
    for (const XmlElement* panel : model_panels) {
      CHECK(FindByClass(*panel, "mark model-point").size() == kTrials);
      importance += std::stod(panel->Attribute("data-importance"));
    }
    CHECK(importance == Approx(1).epsilon(0.01));

    // --metric picks another curve; --param narrows the panels.
    REQUIRE(cluster
                .Tunectl({"plot", "drawn", "--kind", "curves", "--metric",
                          "throughput", "-o", dir + "/throughput.svg"})
                .first == 0);
    CHECK(FindByClass(ParseSvgFile(dir + "/throughput.svg"), "mark curve")
              .size() == kTrials);
    REQUIRE(cluster
                .Tunectl({"plot", "drawn", "--kind", "objective", "--param",
                          "x", "-o", dir + "/x.svg"})
                .first == 0);
    CHECK(FindByClass(ParseSvgFile(dir + "/x.svg"), "panel").size() == 1);
  }

  SECTION("a PNG is a PNG; other extensions and names are refused") {
    const std::string png_path = cluster.dir() + "/timeline.png";
    auto [plotted, plot_out] = cluster.Tunectl(
        {"plot", "drawn", "--kind", "timeline", "-o", png_path});
    INFO(plot_out);
    REQUIRE(plotted == 0);
    const std::string png = ReadFile(png_path);
    REQUIRE(png.size() > 1000);
    CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));

    auto [jpg, jpg_out] =
        cluster.Tunectl({"plot", "drawn", "--kind", "timeline", "-o",
                         cluster.dir() + "/t.jpg"});
    CHECK(jpg == 2);
    CHECK(jpg_out.find(".svg or .png") != std::string::npos);
    auto [metric, metric_out] =
        cluster.Tunectl({"plot", "drawn", "--kind", "curves", "--metric",
                         "nope", "-o", cluster.dir() + "/n.svg"});
    CHECK(metric == 2);
    CHECK(metric_out.find("loss, score, throughput") != std::string::npos);
    auto [missing, missing_out] =
        cluster.Tunectl({"plot", "no-such-job", "--kind", "timeline", "-o",
                         cluster.dir() + "/m.svg"});
    CHECK(missing == 1);
    CHECK(cluster.Tunectl({"export", "no-such-job"}).first == 1);
  }
}

TEST_CASE("tunectl validate-metrics runs a spec's regexes over a sample log") {
  TempDir dir;
  const std::string spec = dir.path() + "/spec.yaml";
  std::ofstream(spec) << Spec("checked", 4);
  const std::string log = dir.path() + "/sample.log";
  std::ofstream(log) << "starting\n"
                        "epoch 1: loss=0.5 score=0.25\n"
                        "throughput=1001 img/s\n"
                        "epoch 2: loss=0.25 score=0.5\n";

  SECTION("every metric matched: lines with numbers and values, exit 0") {
    auto [rc, out] = RunToEnd({TunectlPath(), "validate-metrics", spec, log});
    INFO(out);
    CHECK(rc == 0);
    CHECK(out.find("metric loss:") != std::string::npos);
    CHECK(out.find("line 2: 0.5  step 1  | epoch 1: loss=0.5 score=0.25") !=
          std::string::npos);
    CHECK(out.find("line 4: 0.5  step 2") != std::string::npos);  // score
    CHECK(out.find("line 3: 1001  step 1") != std::string::npos);
    CHECK(out.find("all 3 metric(s) matched") != std::string::npos);
  }

  SECTION("a metric no line matched is a warning and exit 1") {
    const std::string quiet = dir.path() + "/quiet.log";
    std::ofstream(quiet) << "epoch 1: loss=0.5\n";
    auto [rc, out] = RunToEnd({TunectlPath(), "validate-metrics", spec, quiet});
    INFO(out);
    CHECK(rc == 1);
    CHECK(out.find("WARNING: metric throughput: no line of " + quiet +
                   " matched") != std::string::npos);
    CHECK(out.find("the OBJECTIVE metric score") != std::string::npos);
    CHECK(out.find("line 1: 0.5") != std::string::npos);
  }

  SECTION("a bad spec exits 2 naming the field; so does a missing file") {
    std::string text = Spec("checked", 4);
    const std::string regex = "'score=(-?[0-9\\.]+)'";
    text.replace(text.find(regex), regex.size(), "'score=-?[0-9.]+'");
    const std::string bad = dir.path() + "/bad.yaml";
    std::ofstream(bad) << text;
    auto [rc, out] = RunToEnd({TunectlPath(), "validate-metrics", bad, log});
    INFO(out);
    CHECK(rc == 2);
    CHECK(out.find("metric_definitions[1].Regex") != std::string::npos);
    CHECK(RunToEnd({TunectlPath(), "validate-metrics", spec,
                    dir.path() + "/none.log"})
              .first == 2);
    CHECK(RunToEnd({TunectlPath(), "validate-metrics",
                    dir.path() + "/none.yaml", log})
              .first == 2);
  }
}

}  // namespace
}  // namespace tune::testing
