// A job's trials as CSV, one row per trial, for tunectl export: the
// analytics table of SageMaker's SDK. Columns, in order:
//   trial_id, state, objective, <each hyperparameter>, attempt, worker,
//   created_at, started_at, ended_at, reason
// Times are ISO 8601 in UTC with milliseconds ("2024-05-01T12:34:56.789Z"),
// empty when not yet set; an objective not reported is empty; numbers are
// written so they read back to the same double. Fields are quoted as RFC
// 4180 says (when they hold a comma, a quote, CR or LF; quotes doubled) and
// rows end in CRLF. Pure; safe from any thread.
//
//   std::string csv = TrialsCsv(trials, {"lr", "layers", "opt"});
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tune/v1/tuner.pb.h"

namespace tune::cli {

// `hyperparameters`: the columns between objective and attempt, in order;
// a trial without one of them leaves its cell empty.
std::string TrialsCsv(const std::vector<tune::v1::Trial>& trials,
                      const std::vector<std::string>& hyperparameters);

// One field, quoted when it must be.
std::string CsvField(std::string_view value);
// Seconds since the epoch as "2024-05-01T12:34:56.789Z"; "" for <= 0.
std::string IsoUtc(double seconds);
// The shortest text that reads back as the same double.
std::string RoundTripNumber(double value);

}  // namespace tune::cli
