// Parsing of a spec's job-level options, for the spec parser only:
// strategy_config (Hyperband's settings), early_stopping_type,
// completion_criteria, max_runtime_in_seconds, warm_start_config and
// retry_strategy. spec_parser.h lists their vocabulary and rules.
//
//   TUNE_SPEC_RETURN_IF_ERROR(ParseJobOptions(top_level_entries, spec));
//
// Errors are InvalidArgument with the field's path first. Stateless.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "tuner/spec/internal/yaml_fields.h"
#include "tuner/spec/job_spec.h"

namespace tune::spec::internal {

// Reads those keys from the document's top-level `entries` into `spec` and
// checks the rules that tie them to the rest of it, so it requires spec's
// name, strategy, ranges, static_hyperparameters and training to be read
// already. Sets spec.hyperband (with its defaults, and max_resource filled
// in) exactly when the strategy is Hyperband. Other keys are left alone.
absl::Status ParseJobOptions(const std::vector<MapEntry>& entries,
                             JobSpec& spec);

}  // namespace tune::spec::internal
