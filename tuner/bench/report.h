// How tune_bench presents its results: a markdown table per task and a JSON
// document. optuna_peer.py and merge_tables.py write and read the same
// formats, so the C++ and Optuna rows merge into one table.
//
// Markdown, one table per task:
//   ### branin (budget 50, optimum 0.39789)
//
//   | strategy | seeds | median best | q25 | q75 | median log10 regret | seconds |
//   |---|---:|---:|---:|---:|---:|---:|
//   | random | 20 | 0.51182 | 0.44161 | 0.72012 | -0.93 | 0.1 |
//
// Values are printed with "%.5g", log10 regrets with "%.2f" ("n/a" when the
// optimum is unknown), seconds with "%.1f".
//
// JSON: {"generator": ..., "results": [one object per RunSummary, with the
// fields of RunSummary under the same names]}.
//
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tuner/bench/run_summary.h"

namespace tune::bench {

// The heading and table for one task's summaries (all of the same task, in
// the order given), ending with a blank line.
std::string MarkdownTable(const std::vector<RunSummary>& summaries);

nlohmann::json ToJson(const RunSummary& summary);

// {"generator": generator, "results": [...]}.
nlohmann::json ToJsonDocument(const std::string& generator,
                              const std::vector<RunSummary>& summaries);

}  // namespace tune::bench
