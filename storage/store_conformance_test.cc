// Conformance of jobs, trials and lookups.
// One suite, run against every Store implementation (as in Vizier's
// datastore tests): MemoryStore and SqliteStore must behave the same.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/testing/record_strings.h"
#include "storage/testing/store_harness.h"

namespace tune::storage {
namespace {

using testing::CommitOk;
using testing::DebugString;
using testing::DebugStrings;
using testing::Events;
using testing::Ids;
using testing::MakeEvent;
using testing::MakeJob;
using testing::MakeTrial;
using testing::MemoryHarness;
using testing::SqliteHarness;

TEMPLATE_TEST_CASE("Store creates, gets and lists jobs in creation order",
                   "[store]", MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  std::vector<JobRecord> jobs;
  for (const char* name : {"zeta", "alpha", "mid"}) {
    Mutation m;
    m.new_job = MakeJob(name);
    jobs.push_back(*m.new_job);
    CommitOk(store, m);
  }
  absl::StatusOr<JobRecord> got = store.GetJob("alpha");
  REQUIRE(got.ok());
  CHECK(DebugString(*got) == DebugString(jobs[1]));
  absl::StatusOr<std::vector<JobRecord>> all = store.ListJobs();
  REQUIRE(all.ok());
  CHECK(DebugStrings(*all) == DebugStrings(jobs));
}

TEMPLATE_TEST_CASE("Store refuses a taken job name and stores nothing else",
                   "[store]", MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  Mutation first;
  first.new_job = MakeJob("j1");
  CommitOk(store, first);

  Mutation again;
  again.new_job = MakeJob("j1");
  again.new_job->spec_yaml = "other spec";
  again.trials.push_back(MakeTrial("j1", 1));
  again.events.push_back(MakeEvent("j1", "job_created"));
  absl::StatusOr<CommitResult> result = store.Commit(again);
  CHECK(result.status().code() == absl::StatusCode::kAlreadyExists);
  CHECK_THAT(std::string(result.status().message()),
             Catch::Matchers::Contains("\"j1\""));

  CHECK(store.GetTrial("j1-1").status().code() == absl::StatusCode::kNotFound);
  CHECK(Events(store, "j1").empty());
  absl::StatusOr<JobRecord> job = store.GetJob("j1");
  REQUIRE(job.ok());
  CHECK(DebugString(*job) == DebugString(*first.new_job));
}

TEMPLATE_TEST_CASE("Store updates a job, or NotFound rolls it all back",
                   "[store]", MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  Mutation create;
  create.new_job = MakeJob("j1");
  CommitOk(store, create);

  JobRecord updated = *create.new_job;
  updated.state = JobState::kFailed;
  updated.reason = "designer crashed";
  updated.ended_at = 1700000100.75;
  Mutation update;
  update.job_update = updated;
  CommitOk(store, update);
  absl::StatusOr<JobRecord> got = store.GetJob("j1");
  REQUIRE(got.ok());
  CHECK(DebugString(*got) == DebugString(updated));

  Mutation missing;
  missing.new_job = MakeJob("j3");  // inserted first, then rolled back
  missing.job_update = MakeJob("nope");
  missing.trials.push_back(MakeTrial("j1", 1));
  missing.events.push_back(MakeEvent("j1", "job_updated"));
  absl::StatusOr<CommitResult> result = store.Commit(missing);
  CHECK(result.status().code() == absl::StatusCode::kNotFound);
  CHECK_THAT(std::string(result.status().message()),
             Catch::Matchers::Contains("nope"));
  CHECK(store.GetTrial("j1-1").status().code() == absl::StatusCode::kNotFound);
  CHECK(Events(store, "j1").empty());
  CHECK(store.GetJob("j3").status().code() == absl::StatusCode::kNotFound);

  // A job created and updated in one mutation ends up updated.
  Mutation both;
  both.new_job = MakeJob("j2");
  both.job_update = MakeJob("j2");
  both.job_update->state = JobState::kStopping;
  CommitOk(store, both);
  got = store.GetJob("j2");
  REQUIRE(got.ok());
  CHECK(got->state == JobState::kStopping);
}

TEMPLATE_TEST_CASE("Store upserts trials and lists them by seq", "[store]",
                   MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  Mutation create;
  create.new_job = MakeJob("j1");
  for (int64_t seq : {3, 1, 2}) create.trials.push_back(MakeTrial("j1", seq));
  CommitOk(store, create);

  TrialRecord done = MakeTrial("j1", 2);
  done.state = TrialState::kCompleted;
  done.worker_id = "worker-7";
  done.attempt = 2;
  done.exit_code = 0;
  done.reason = "finished";
  done.objective = 0.1 + 0.2;
  done.client_id = "client-a";
  done.started_at = 1700000010.1;
  done.ended_at = 1700000020.2;
  Mutation update;
  update.trials.push_back(done);
  CommitOk(store, update);

  absl::StatusOr<TrialRecord> got = store.GetTrial("j1-2");
  REQUIRE(got.ok());
  CHECK(DebugString(*got) == DebugString(done));
  got = store.GetTrial("j1-3");
  REQUIRE(got.ok());
  CHECK_FALSE(got->objective.has_value());

  absl::StatusOr<std::vector<TrialRecord>> trials = store.ListTrials("j1");
  REQUIRE(trials.ok());
  CHECK(DebugStrings(*trials) ==
        DebugStrings(std::vector<TrialRecord>{MakeTrial("j1", 1), done,
                                              MakeTrial("j1", 3)}));
  trials = store.ListTrials("unknown");
  REQUIRE(trials.ok());
  CHECK(trials->empty());

  // Back to no objective: absent is stored as absent, not as 0.
  done.objective = std::nullopt;
  Mutation clear;
  clear.trials.push_back(done);
  CommitOk(store, clear);
  got = store.GetTrial("j1-2");
  REQUIRE(got.ok());
  CHECK(DebugString(*got) == DebugString(done));
}

TEMPLATE_TEST_CASE("Store refuses a trial of a missing job, atomically",
                   "[store]", MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  Mutation m;
  m.new_job = MakeJob("j2");
  m.trials.push_back(MakeTrial("j2", 1));
  m.trials.push_back(MakeTrial("nope", 1));
  m.events.push_back(MakeEvent("j2", "job_created"));
  absl::StatusOr<CommitResult> result = store.Commit(m);
  CHECK(result.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(result.status().message()),
             Catch::Matchers::Contains("nope"));

  CHECK(store.GetJob("j2").status().code() == absl::StatusCode::kNotFound);
  CHECK(store.GetTrial("j2-1").status().code() == absl::StatusCode::kNotFound);
  absl::StatusOr<std::vector<JobRecord>> jobs = store.ListJobs();
  REQUIRE(jobs.ok());
  CHECK(jobs->empty());
  CHECK(Events(store, "j2").empty());
}

TEMPLATE_TEST_CASE("Store returns NotFound for unknown keys", "[store]",
                   MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  CHECK(store.GetJob("nope").status().code() == absl::StatusCode::kNotFound);
  CHECK(store.GetTrial("nope-1").status().code() ==
        absl::StatusCode::kNotFound);
  absl::StatusOr<std::vector<JobRecord>> jobs = store.ListJobs();
  REQUIRE(jobs.ok());
  CHECK(jobs->empty());
}


}  // namespace
}  // namespace tune::storage
