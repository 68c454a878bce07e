// Text for people: how tunectl shows jobs, trials, values and events.
// Stateless; thread-safe.
#pragma once

#include <ostream>
#include <string>

#include "tune/v1/access.pb.h"
#include "tune/v1/tuner.pb.h"

namespace tune::cli {

std::string FormatState(tune::v1::JobState state);    // "InProgress", ...
std::string FormatState(tune::v1::TrialState state);  // "Completed", ...
std::string FormatValue(const tune::v1::ParameterValue& value);
std::string FormatNumber(double value);  // 6 significant digits
// "lr=0.31 mom=0.9 opt=nag", names sorted.
std::string FormatHyperparameters(const tune::v1::Trial& trial);
std::string FormatCounts(const tune::v1::TuningJob& job);

std::string FormatDuration(double seconds);  // "1m 05s"

std::string FormatTimestamp(double seconds);  // "2026-12-06 05:42:00 UTC"

void PrintJob(const tune::v1::TuningJob& job, std::ostream& out);
// "Best by model: ID  predicted METRIC=... (observed ...)  HYPERPARAMETERS",
// or why there is none.
void PrintModelBest(const tune::v1::ModelBest& best,
                    const std::string& metric, std::ostream& out);
// "Caller:     NAME (ROLE)", or "(no authentication)" without tokens.
void PrintIdentity(const tune::v1::WhoAmIResponse& who, std::ostream& out);
// The message as indented JSON with the protos' field names.
void PrintJson(const google::protobuf::Message& message, std::ostream& out);
void PrintJobsTable(const tune::v1::ListTuningJobsResponse& jobs,
                    std::ostream& out);
void PrintTrialsTable(const tune::v1::ListTrialsResponse& trials,
                      std::ostream& out);
void PrintTrial(const tune::v1::DescribeTrialResponse& trial, std::ostream& out);
void PrintEvent(const tune::v1::JobEvent& event, std::ostream& out);

}  // namespace tune::cli
