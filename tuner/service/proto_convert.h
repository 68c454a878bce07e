// Conversions between the scheduler's records and the tune.v1 messages.
// Stateless; thread-safe.
#pragma once

#include <optional>

#include "storage/store.h"
#include "tune/v1/tuner.pb.h"
#include "tuner/scheduler/scheduler.h"

namespace tune::service {

tune::v1::JobState ToProto(storage::JobState state);
tune::v1::TrialState ToProto(storage::TrialState state);
// nullopt for TRIAL_STATE_UNSPECIFIED.
std::optional<storage::TrialState> FromProto(tune::v1::TrialState state);

void ToProto(const storage::TrialRecord& record, tune::v1::Trial* out);
// `show_secrets` false: secret-looking values of the training command and
// static hyperparameters are hidden in spec_yaml (auth/secrets.h).
void ToProto(const scheduler::JobView& view, tune::v1::TuningJob* out,
             bool show_secrets = true);
void ToProto(const storage::MetricPointRecord& point,
             tune::v1::MetricPoint* out);

scheduler::ReportedPoint FromProto(const tune::v1::MetricPoint& point);

}  // namespace tune::service
