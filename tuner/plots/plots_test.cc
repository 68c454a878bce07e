#include "tuner/plots/plots.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "tuner/plots/testing/mini_xml.h"

namespace tune::plots {
namespace {

using testing::FindByClass;
using testing::FindByName;
using testing::ParseXml;
using testing::XmlElement;

constexpr PlotKind kKinds[] = {PlotKind::kTimeline, PlotKind::kObjective,
                               PlotKind::kCurves, PlotKind::kParallel,
                               PlotKind::kModel};

// lr (log), layers (linear integer), opt (categorical); n trials, ended one
// a minute apart, each with a curve of `steps` points.
PlotInput Input(int n, int steps = 3) {
  PlotInput input;
  input.title = "job";
  input.objective_name = "accuracy";
  input.start_time = 1'700'000'000;
  input.parameters = {
      {"lr", ParameterScale::kLog, 1e-4, 1e-1, {}},
      {"layers", ParameterScale::kLinear, 2, 8, {}},
      {"opt", ParameterScale::kCategorical, 0, 0, {"sgd", "adam", "nag"}},
  };
  const char* optimizers[] = {"sgd", "adam", "nag"};
  for (int i = 0; i < n; ++i) {
    PlotTrial trial;
    trial.id = "job-" + std::to_string(i + 1);
    trial.status = TrialStatus::kCompleted;
    trial.objective = 0.5 + 0.03 * i;
    trial.ended_at = input.start_time + 60.0 * (i + 1);
    trial.hyperparameters = {
        {"lr", std::pow(10.0, -4 + 3.0 * i / std::max(n - 1, 1))},
        {"layers", 2.0 + i % 7},
        {"opt", std::string(optimizers[i % 3])}};
    for (int s = 1; s <= steps; ++s) {
      trial.curve.push_back({s, *trial.objective * s / steps});
    }
    trial.source = i % 2 == 0 ? "initial_design" : "gp";
    input.trials.push_back(std::move(trial));
  }
  // A model slice per parameter, opt the most important.
  const double importance[] = {0.3, 0.1, 0.6};
  for (size_t p = 0; p < input.parameters.size(); ++p) {
    ModelPanel panel{.param = input.parameters[p].name,
                     .importance = importance[p]};
    for (int k = 0; k < 5; ++k) {
      if (p == 0) panel.x.push_back(std::pow(10.0, -4 + 0.75 * k));
      if (p == 1) panel.x.push_back(2.0 + 1.5 * k);
      if (p == 2 && k < 3) panel.x.push_back(std::string(optimizers[k]));
      if (panel.x.size() <= panel.mean.size()) continue;
      panel.mean.push_back(0.6 + 0.02 * k);
      panel.lower.push_back(0.55 + 0.02 * k);
      panel.upper.push_back(0.65 + 0.02 * k);
    }
    input.model.push_back(std::move(panel));
  }
  return input;
}

XmlElement Parse(const std::string& svg) {
  auto root = ParseXml(svg);
  INFO(svg.substr(0, 2000));
  REQUIRE(root.ok());
  REQUIRE(root->name == "svg");
  return *std::move(root);
}

// Every number in coordinate-like attributes is finite.
void CheckCoordinates(const XmlElement& root) {
  static const std::set<std::string> kNumeric = {
      "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height"};
  std::vector<const XmlElement*> all;
  for (const XmlElement* e : FindByName(root, "circle")) all.push_back(e);
  for (const XmlElement* e : FindByName(root, "line")) all.push_back(e);
  for (const XmlElement* e : FindByName(root, "rect")) all.push_back(e);
  for (const XmlElement* e : FindByName(root, "text")) all.push_back(e);
  for (const XmlElement* e : FindByName(root, "polyline")) all.push_back(e);
  for (const XmlElement* e : FindByName(root, "polygon")) all.push_back(e);
  const std::regex number(R"(^-?[0-9]+(\.[0-9]+)?$)");
  for (const XmlElement* element : all) {
    for (const auto& [name, value] : element->attributes) {
      if (kNumeric.count(name) == 0 && name != "points") continue;
      INFO(element->name << " " << name << "=" << value);
      if (name == "points") {
        std::regex pair(R"(^(-?[0-9]+\.[0-9]+,-?[0-9]+\.[0-9]+( |$))+$)");
        CHECK((value.empty() || std::regex_match(value, pair)));
      } else {
        CHECK(std::regex_match(value, number));
      }
    }
  }
}

std::vector<std::string> SplitSpaces(const std::string& text) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; in >> part;) parts.push_back(part);
  return parts;
}

const XmlElement* Panel(const XmlElement& root, const std::string& param) {
  for (const XmlElement* panel : FindByClass(root, "panel")) {
    if (panel->Attribute("data-param") == param) return panel;
  }
  return nullptr;
}

TEST_CASE("every kind gives a well-formed SVG with finite coordinates") {
  for (int n : {1, 2, 7, 40}) {
    for (PlotKind kind : kKinds) {
      INFO(ToString(kind) << " with " << n << " trials");
      const XmlElement root = Parse(RenderPlot(kind, Input(n)));
      CheckCoordinates(root);
      CHECK(FindByClass(root, "no-data").empty());
      CHECK(FindByClass(root, "x-axis").size() +
                FindByClass(root, "y-axis").size() >=
            2);
      CHECK_FALSE(FindByClass(root, "tick-label").empty());
    }
  }
}

TEST_CASE("the timeline has one point per ended trial, coloured by status") {
  PlotInput input = Input(9);
  input.trials[2].status = TrialStatus::kFailed;
  input.trials[2].objective.reset();
  input.trials[4].status = TrialStatus::kStopped;
  input.trials[8].status = TrialStatus::kRunning;  // not ended: not shown
  input.trials[8].ended_at = 0;
  input.trials[8].objective.reset();
  const XmlElement root = Parse(TimelineSvg(input));
  const auto points = FindByClass(root, "mark timeline-point");
  REQUIRE(points.size() == 8);
  std::set<std::string> fills;
  for (const XmlElement* point : points) {
    CHECK(point->Attribute("data-trial").rfind("job-", 0) == 0);
    CHECK(point->Attribute("data-trial") != "job-9");
    fills.insert(point->Attribute("fill"));
    if (point->Attribute("data-trial") == "job-3") {
      CHECK(point->Attribute("data-status") == "Failed");
    }
  }
  CHECK(fills.size() == 3);  // Completed, Failed, Stopped
  CHECK(FindByClass(root, "strip-label").size() == 1);  // "no objective"
  CHECK(FindByClass(root, "best-so-far").size() == 1);
  const auto x = FindByClass(root, "x-axis");
  REQUIRE(x.size() == 1);
  CHECK(x[0]->Attribute("data-scale") == "linear");
}

TEST_CASE(
    "the objective plot has a panel per hyperparameter and a point per scored "
    "trial") {
  PlotInput input = Input(12);
  input.trials[0].objective.reset();  // not plotted against anything
  input.trials[1].objective = NAN;    // neither
  const XmlElement root = Parse(ObjectiveSvg(input));
  REQUIRE(FindByClass(root, "panel").size() == 3);
  CHECK(FindByClass(root, "mark objective-point").size() == 3 * 10);
  for (const char* param : {"lr", "layers", "opt"}) {
    INFO(param);
    const XmlElement* panel = Panel(root, param);
    REQUIRE(panel != nullptr);
    CHECK(FindByClass(*panel, "mark objective-point").size() == 10);
    for (const XmlElement* point :
         FindByClass(*panel, "mark objective-point")) {
      CHECK(point->Attribute("data-param") == param);
    }
  }

  SECTION("a log parameter gets a log axis with decade ticks") {
    const auto axes = FindByClass(*Panel(root, "lr"), "x-axis");
    REQUIRE(axes.size() == 1);
    CHECK(axes[0]->Attribute("data-scale") == "log");
    std::set<std::string> labels;
    for (const XmlElement* label : FindByClass(*axes[0], "tick-label")) {
      labels.insert(label->text);
    }
    CHECK(labels == std::set<std::string>{"0.0001", "0.001", "0.01", "0.1"});
    CHECK(FindByClass(*Panel(root, "layers"), "x-axis")[0]->Attribute(
              "data-scale") == "linear");
  }

  SECTION("a categorical parameter gets one column per category, in order") {
    const XmlElement& panel = *Panel(root, "opt");
    CHECK(FindByClass(panel, "x-axis")[0]->Attribute("data-scale") ==
          "categorical");
    const auto columns = FindByClass(panel, "category-column");
    REQUIRE(columns.size() == 3);
    CHECK(columns[0]->Attribute("data-category") == "sgd");
    CHECK(columns[1]->Attribute("data-category") == "adam");
    CHECK(columns[2]->Attribute("data-category") == "nag");
    // Each point lies inside its category's column.
    std::map<std::string, std::pair<double, double>> spans;
    for (const XmlElement* column : columns) {
      const double x = std::stod(column->Attribute("x"));
      spans[column->Attribute("data-category")] = {
          x, x + std::stod(column->Attribute("width"))};
    }
    const char* optimizers[] = {"sgd", "adam", "nag"};
    for (const XmlElement* point : FindByClass(panel, "mark objective-point")) {
      const std::string id = point->Attribute("data-trial");
      const int index = std::stoi(id.substr(4)) - 1;
      const auto [lo, hi] = spans[optimizers[index % 3]];
      const double cx = std::stod(point->Attribute("cx"));
      INFO(id << " at " << cx);
      CHECK(cx > lo);
      CHECK(cx < hi);
    }
  }
}

TEST_CASE("a value outside the declared categories gets a column of its own") {
  PlotInput input = Input(3);
  input.trials[0].hyperparameters["opt"] = std::string("rmsprop");
  const XmlElement root = Parse(ObjectiveSvg(input));
  const auto columns = FindByClass(*Panel(root, "opt"), "category-column");
  REQUIRE(columns.size() == 4);
  CHECK(columns[3]->Attribute("data-category") == "rmsprop");
}

TEST_CASE("a log parameter with a value <= 0 falls back to a linear axis") {
  PlotInput input = Input(4);
  input.parameters[0].min = 0;  // no declared range
  input.parameters[0].max = 0;
  input.trials[0].hyperparameters["lr"] = 0.0;
  const XmlElement root = Parse(ObjectiveSvg(input));
  CHECK(FindByClass(*Panel(root, "lr"), "x-axis")[0]->Attribute("data-scale") ==
        "linear");
  CheckCoordinates(root);
}

TEST_CASE(
    "curves: one polyline per trial with points, each with all its points") {
  PlotInput input = Input(6, 5);
  input.trials[1].curve.clear();                 // nothing reported
  input.trials[2].curve = {{3, 0.2}, {1, 0.1}};  // any order
  input.trials[3].curve = {{1, 0.4}};            // a single point
  input.trials[4].objective.reset();             // dashed, grey
  input.curve_metric = "val-loss";
  const XmlElement root = Parse(CurvesSvg(input));
  const auto curves = FindByClass(root, "mark curve");
  REQUIRE(curves.size() == 5);
  std::map<std::string, int> points;
  for (const XmlElement* curve : curves) {
    const std::string coordinates = curve->Attribute("points");
    points[curve->Attribute("data-trial")] = static_cast<int>(
        std::count(coordinates.begin(), coordinates.end(), ','));
  }
  CHECK(points == std::map<std::string, int>{{"job-1", 5},
                                             {"job-3", 2},
                                             {"job-4", 1},
                                             {"job-5", 5},
                                             {"job-6", 5}});
  CHECK(FindByClass(root, "curve-dot").size() == 1);
  // Steps increase along each curve.
  for (const XmlElement* curve : curves) {
    double last = -1;
    for (const auto& pair : SplitSpaces(curve->Attribute("points"))) {
      const double x = std::stod(pair.substr(0, pair.find(',')));
      CHECK(x > last);
      last = x;
    }
  }
  bool labelled = false;
  for (const XmlElement* label : FindByClass(root, "axis-label")) {
    labelled |= label->text == "val-loss";
  }
  CHECK(labelled);
}

TEST_CASE("parallel coordinates: one line per trial through every axis") {
  PlotInput input = Input(10);
  input.trials[5].objective.reset();
  input.trials[5].status = TrialStatus::kFailed;
  const XmlElement root = Parse(ParallelSvg(input));
  const auto lines = FindByClass(root, "mark parallel-line");
  REQUIRE(lines.size() == 10);
  std::set<std::string> ids;
  for (const XmlElement* line : lines) {
    ids.insert(line->Attribute("data-trial"));
    const std::string coordinates = line->Attribute("points");
    const int vertices = static_cast<int>(
        std::count(coordinates.begin(), coordinates.end(), ','));
    // 3 hyperparameters and the objective; the failed trial has no objective.
    CHECK(vertices == (line->Attribute("data-trial") == "job-6" ? 3 : 4));
  }
  CHECK(ids.size() == 10);
  // 3 hyperparameter axes and the objective's.
  const auto axes = FindByClass(root, "y-axis");
  REQUIRE(axes.size() == 4);
  CHECK(axes[0]->Attribute("data-scale") == "log");
  CHECK(axes[1]->Attribute("data-scale") == "linear");
  CHECK(axes[2]->Attribute("data-scale") == "categorical");
  CHECK(axes[3]->Attribute("data-axis") == "accuracy");
  // Lines are coloured by objective: the best and the worst differ, and the
  // one without an objective is grey.
  std::map<std::string, std::string> stroke;
  for (const XmlElement* line : lines) {
    stroke[line->Attribute("data-trial")] = line->Attribute("stroke");
  }
  CHECK(stroke["job-1"] != stroke["job-10"]);
  CHECK(stroke["job-6"] == "#b0b0b0");
}

TEST_CASE("empty data gives a valid SVG that says no data") {
  PlotInput empty;
  empty.title = "fresh";
  PlotInput no_objectives = Input(3);
  no_objectives.model.clear();  // no objectives, no model
  for (PlotTrial& trial : no_objectives.trials) {
    trial.objective.reset();
    trial.curve.clear();
    trial.ended_at = 0;
  }
  PlotInput no_parameters = Input(3);
  no_parameters.parameters.clear();
  for (const PlotInput* input : {&empty, &no_objectives}) {
    for (PlotKind kind : kKinds) {
      if (kind == PlotKind::kParallel && input == &no_objectives) continue;
      INFO(ToString(kind));
      const XmlElement root = Parse(RenderPlot(kind, *input));
      const auto text = FindByClass(root, "no-data");
      REQUIRE(text.size() == 1);
      CHECK(text[0]->text == "no data");
      CHECK(FindByClass(root, "mark").empty());
    }
  }
  CHECK(FindByClass(Parse(ObjectiveSvg(no_parameters)), "no-data").size() == 1);
  // Parallel coordinates of trials without objectives still draw the lines.
  CHECK(FindByClass(Parse(ParallelSvg(no_objectives)), "mark parallel-line")
            .size() == 3);
}

TEST_CASE(
    "hostile text stays well-formed and NaN or inf never reach coordinates") {
  PlotInput input = Input(4);
  input.title = "a<b & \"c\" 'd' \x01\xff\xc3";
  input.objective_name = "</text><script>";
  input.parameters[2].categories = {"<&>", "\"q\"", "\xe2\x82"};
  input.trials[0].id = "id\"with<stuff>&";
  input.trials[0].hyperparameters["opt"] = std::string("<&>");
  input.trials[1].objective = INFINITY;
  input.trials[2].hyperparameters["lr"] = NAN;
  input.trials[2].curve = {{1, NAN}, {2, 1e308}, {3, -1e308}};
  input.trials[3].hyperparameters["layers"] = 1e300;
  input.model[0].mean[1] = NAN;
  input.model[1].upper[2] = INFINITY;
  input.model[0].x[3] = NAN;
  for (PlotKind kind : kKinds) {
    INFO(ToString(kind));
    const XmlElement root = Parse(RenderPlot(kind, input));
    CheckCoordinates(root);
  }
  const XmlElement root = Parse(ObjectiveSvg(input));
  bool found = false;
  for (const XmlElement* point : FindByClass(root, "mark objective-point")) {
    found |= point->Attribute("data-trial") == "id\"with<stuff>&";
  }
  CHECK(found);
}

TEST_CASE("the model: panels by importance, a band and a mean each, sources") {
  const PlotInput input = Input(7);
  const XmlElement root = Parse(ModelSvg(input));
  const auto panels = FindByClass(root, "panel");
  REQUIRE(panels.size() == 3);
  CHECK(panels[0]->Attribute("data-param") == "opt");  // 60%
  CHECK(panels[1]->Attribute("data-param") == "lr");   // 30%
  CHECK(panels[2]->Attribute("data-param") == "layers");
  CHECK(FindByClass(root, "model-band").size() == 3);
  const auto means = FindByClass(root, "model-mean");
  REQUIRE(means.size() == 3);
  CHECK(SplitSpaces(means[0]->Attribute("points")).size() == 3);  // 3 categories
  CHECK(SplitSpaces(means[1]->Attribute("points")).size() == 5);
  const auto points = FindByClass(root, "mark model-point");
  CHECK(points.size() == 3 * 7);
  int from_gp = 0;
  for (const XmlElement* point : points) from_gp += point->Attribute("data-source") == "gp";
  CHECK(from_gp == 3 * 3);  // trials 2, 4, 6 of each panel

  PlotInput none = Input(2);
  none.model.clear();
  none.model_note = "no model yet: it needs 3 completed trials";
  const XmlElement empty = Parse(ModelSvg(none));
  CHECK(FindByClass(empty, "no-data").size() == 1);
  CHECK(FindByClass(empty, "mark").empty());
}

TEST_CASE("plot kinds parse from their names") {
  for (PlotKind kind : kKinds) CHECK(ParsePlotKind(ToString(kind)) == kind);
  CHECK_FALSE(ParsePlotKind("scatter").has_value());
}

}  // namespace
}  // namespace tune::plots
