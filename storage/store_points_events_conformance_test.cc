// Conformance of metric points, events, value fidelity and concurrency.
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

TEMPLATE_TEST_CASE("Store skips points it already has and counts the rest",
                   "[store]", MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  Mutation create;
  create.new_job = MakeJob("j1");
  create.trials.push_back(MakeTrial("j1", 1));
  // Points for a trial made in the same mutation are fine.
  create.points = {{"j1-1", 1, "loss", 1, 0.9, 10.0},
                   {"j1-1", 1, "loss", 2, 0.5, 11.0},
                   {"j1-1", 1, "acc", 1, 0.25, 10.0},
                   {"j1-1", 1, "loss", 2, 123.0, 99.0}};  // repeated at once
  CHECK(CommitOk(store, create).points_inserted == 3);

  Mutation resend;  // as after a worker reconnect
  resend.points = {{"j1-1", 1, "loss", 2, 7.0, 12.0},
                   {"j1-1", 1, "loss", 3, 0.375, 12.0},
                   {"j1-1", 1, "acc", 1, 7.0, 12.0}};
  CHECK(CommitOk(store, resend).points_inserted == 1);

  absl::StatusOr<std::vector<MetricPointRecord>> points =
      store.ListMetricPoints("j1-1");
  REQUIRE(points.ok());
  std::vector<MetricPointRecord> want = {{"j1-1", 1, "acc", 1, 0.25, 10.0},
                                         {"j1-1", 1, "loss", 1, 0.9, 10.0},
                                         {"j1-1", 1, "loss", 2, 0.5, 11.0},
                                         {"j1-1", 1, "loss", 3, 0.375, 12.0}};
  CHECK(DebugStrings(*points) == DebugStrings(want));

  Mutation orphan;
  orphan.points = {{"j1-1", 1, "loss", 4, 0.1, 13.0},
                   {"j9-1", 1, "loss", 1, 0.1, 13.0}};
  orphan.events.push_back(MakeEvent("j1", "points"));
  absl::StatusOr<CommitResult> result = store.Commit(orphan);
  CHECK(result.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(result.status().message()),
             Catch::Matchers::Contains("j9-1"));
  points = store.ListMetricPoints("j1-1");
  REQUIRE(points.ok());
  CHECK(DebugStrings(*points) == DebugStrings(want));
  CHECK(Events(store, "j1").empty());

  points = store.ListMetricPoints("unknown");
  REQUIRE(points.ok());
  CHECK(points->empty());
}

TEMPLATE_TEST_CASE("Store remembers client requests with their trial",
                   "[store]", MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  Mutation create;
  create.new_job = MakeJob("j1");
  create.trials.push_back(MakeTrial("j1", 1));
  create.client_requests.push_back({"j1-1", "req-1", 10.0});
  CommitOk(store, create);
  Mutation again;  // the same request, and a new one
  again.client_requests = {{"j1-1", "req-1", 11.0}, {"j1-1", "req-2", 11.0}};
  CommitOk(store, again);
  CHECK(*store.HasClientRequest("j1-1", "req-1"));
  CHECK(*store.HasClientRequest("j1-1", "req-2"));
  CHECK_FALSE(*store.HasClientRequest("j1-1", "req-3"));
  CHECK_FALSE(*store.HasClientRequest("j1-2", "req-1"));

  // A request of a trial that does not exist stores nothing of its mutation.
  Mutation orphan;
  orphan.points = {{"j1-1", 1, "loss", 1, 0.5, 12.0}};
  orphan.client_requests = {{"j9-1", "req-9", 12.0}};
  absl::StatusOr<CommitResult> result = store.Commit(orphan);
  CHECK(result.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK_THAT(std::string(result.status().message()),
             Catch::Matchers::Contains("j9-1"));
  CHECK(store.ListMetricPoints("j1-1")->empty());
  CHECK_FALSE(*store.HasClientRequest("j9-1", "req-9"));

  Mutation empty_id;
  empty_id.client_requests = {{"j1-1", "", 12.0}};
  CHECK(store.Commit(empty_id).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEMPLATE_TEST_CASE("Store keeps each attempt's points apart", "[store]",
                   MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  Mutation create;
  create.new_job = MakeJob("j1");
  create.trials.push_back(MakeTrial("j1", 1));
  create.points = {{"j1-1", 2, "loss", 1, 0.7, 20.0},
                   {"j1-1", 1, "loss", 1, 0.9, 10.0},
                   {"j1-1", 1, "loss", 2, 0.8, 11.0}};
  CHECK(CommitOk(store, create).points_inserted == 3);
  absl::StatusOr<std::vector<MetricPointRecord>> points =
      store.ListMetricPoints("j1-1");
  REQUIRE(points.ok());
  std::vector<MetricPointRecord> want = {{"j1-1", 1, "loss", 1, 0.9, 10.0},
                                         {"j1-1", 1, "loss", 2, 0.8, 11.0},
                                         {"j1-1", 2, "loss", 1, 0.7, 20.0}};
  CHECK(DebugStrings(*points) == DebugStrings(want));
}

TEMPLATE_TEST_CASE("Store orders events by id and pages through them",
                   "[store]", MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  Mutation create;
  create.new_job = MakeJob("j1");
  create.events = {MakeEvent("j1", "job_created"), MakeEvent("j2", "other"),
                   MakeEvent("j1", "trial_created")};
  create.events[2].trial_id = "j1-1";
  CommitResult first = CommitOk(store, create);
  REQUIRE(first.event_ids.size() == 3);
  CHECK(first.event_ids[0] < first.event_ids[1]);
  CHECK(first.event_ids[1] < first.event_ids[2]);

  Mutation more;
  for (int i = 0; i < 4; ++i) {
    more.events.push_back(MakeEvent("j1", absl::StrCat("e", i)));
  }
  CommitResult second = CommitOk(store, more);
  REQUIRE(second.event_ids.size() == 4);
  CHECK(second.event_ids[0] > first.event_ids[2]);

  std::vector<int64_t> j1_ids = {first.event_ids[0], first.event_ids[2]};
  j1_ids.insert(j1_ids.end(), second.event_ids.begin(), second.event_ids.end());
  std::vector<EventRecord> all = Events(store, "j1");
  CHECK(Ids(all) == j1_ids);
  REQUIRE(all.size() == 6);
  EventRecord want = create.events[2];
  want.id = first.event_ids[2];
  CHECK(DebugString(all[1]) == DebugString(want));
  CHECK(Ids(Events(store, "j2")) == std::vector<int64_t>{first.event_ids[1]});

  struct Page {
    int64_t after_id;
    int limit;
    std::vector<int64_t> want;
  };
  const std::vector<Page> pages = {
      {0, 2, {j1_ids[0], j1_ids[1]}},
      {j1_ids[1], 2, {j1_ids[2], j1_ids[3]}},
      {j1_ids[3], 10, {j1_ids[4], j1_ids[5]}},
      {first.event_ids[1], 1, {j1_ids[1]}},  // an id of another job
      {j1_ids[5], 10, {}},
      {0, 0, {}},
      {-5, 1, {j1_ids[0]}},
  };
  for (const Page& page : pages) {
    INFO("after_id=" << page.after_id << " limit=" << page.limit);
    CHECK(Ids(Events(store, "j1", page.after_id, page.limit)) == page.want);
  }
  CHECK(Events(store, "unknown").empty());
  CHECK(store.ListEvents("j1", 0, -1).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEMPLATE_TEST_CASE("Store refuses invalid values and stores nothing", "[store]",
                   MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    const char* name;
    Mutation mutation;
  };
  std::vector<Case> cases(5);
  cases[0].name = "empty job name";
  cases[0].mutation.new_job = MakeJob("");
  cases[1].name = "NaN objective";
  cases[1].mutation.trials.push_back(MakeTrial("j1", 1));
  cases[1].mutation.trials.back().objective = nan;
  cases[2].name = "NaN point value";
  cases[2].mutation.points = {{"j1-1", 1, "loss", 1, nan, 1.0}};
  cases[3].name = "empty metric";
  cases[3].mutation.points = {{"j1-1", 1, "", 1, 1.0, 1.0}};
  cases[4].name = "empty trial id";
  cases[4].mutation.trials.push_back(MakeTrial("j1", 1));
  cases[4].mutation.trials.back().trial_id = "";
  for (Case& c : cases) {
    INFO(c.name);
    c.mutation.new_job = c.mutation.new_job.value_or(MakeJob("j1"));
    absl::StatusOr<CommitResult> result = store.Commit(c.mutation);
    CHECK(result.status().code() == absl::StatusCode::kInvalidArgument);
    absl::StatusOr<std::vector<JobRecord>> jobs = store.ListJobs();
    REQUIRE(jobs.ok());
    CHECK(jobs->empty());
  }
}

TEMPLATE_TEST_CASE("Store keeps doubles and bytes exactly", "[store]",
                   MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  Mutation m;
  m.new_job = MakeJob("j1");
  m.new_job->spec_yaml = std::string("nul:\0:utf8:\xc3\xa9:bad:\xff\xfe", 20);
  m.new_job->created_at = 0.1;
  // Bit for bit, except -0.0: SQLite's REAL affinity stores it as 0.0.
  const std::vector<double> values = {0.1,
                                      1.0 / 3.0,
                                      5e-324,
                                      std::numeric_limits<double>::max(),
                                      -std::numeric_limits<double>::infinity(),
                                      1e16 + 2,
                                      3.0,
                                      -2.5e-300};
  for (size_t i = 0; i < values.size(); ++i) {
    m.trials.push_back(MakeTrial("j1", static_cast<int64_t>(i) + 1));
    m.trials.back().objective = values[i];
    m.points.push_back(
        {m.trials.back().trial_id, 1, "v", 1, values[i], values[i]});
  }
  CommitOk(store, m);
  absl::StatusOr<JobRecord> job = store.GetJob("j1");
  REQUIRE(job.ok());
  CHECK(DebugString(*job) == DebugString(*m.new_job));
  absl::StatusOr<std::vector<TrialRecord>> trials = store.ListTrials("j1");
  REQUIRE(trials.ok());
  CHECK(DebugStrings(*trials) == DebugStrings(m.trials));
  for (const MetricPointRecord& point : m.points) {
    absl::StatusOr<std::vector<MetricPointRecord>> got =
        store.ListMetricPoints(point.trial_id);
    REQUIRE(got.ok());
    CHECK(DebugStrings(*got) == DebugStrings(std::vector{point}));
  }
  Mutation zero;
  zero.trials.push_back(MakeTrial("j1", 100));
  zero.trials.back().objective = -0.0;
  CommitOk(store, zero);
  absl::StatusOr<TrialRecord> got = store.GetTrial("j1-100");
  REQUIRE(got.ok());
  REQUIRE(got->objective.has_value());
  CHECK(*got->objective == 0.0);  // the sign may be lost; the value is not
}

TEMPLATE_TEST_CASE("Store takes concurrent commits from 4 threads", "[store]",
                   MemoryHarness, SqliteHarness) {
  TestType harness;
  Store& store = harness.store();
  constexpr int kThreads = 4;
  constexpr int kCommits = 25;
  std::vector<std::vector<int64_t>> ids(kThreads);
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store, &ids, &failures, t] {
      const std::string job = absl::StrCat("job", t);
      Mutation create;
      create.new_job = MakeJob(job);
      create.events.push_back(MakeEvent(job, "job_created"));
      auto result = store.Commit(create);
      if (!result.ok()) ++failures[t];
      for (int i = 1; i <= kCommits && result.ok(); ++i) {
        Mutation m;
        m.trials.push_back(MakeTrial(job, i));
        m.points = {{m.trials[0].trial_id, 1, "loss", 1, 1.0 / i, 1.0},
                    {m.trials[0].trial_id, 1, "loss", 2, 0.5 / i, 2.0}};
        m.events.push_back(MakeEvent(job, "trial_created"));
        result = store.Commit(m);
        if (!result.ok() || result->points_inserted != 2) ++failures[t];
        if (result.ok()) ids[t].push_back(result->event_ids.at(0));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::set<int64_t> all_ids;
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    CHECK(failures[t] == 0);
    const std::string job = absl::StrCat("job", t);
    absl::StatusOr<std::vector<TrialRecord>> trials = store.ListTrials(job);
    REQUIRE(trials.ok());
    CHECK(trials->size() == kCommits);
    std::vector<EventRecord> events = Events(store, job);
    REQUIRE(events.size() == kCommits + 1);
    std::vector<int64_t> trial_event_ids = Ids(events);
    trial_event_ids.erase(trial_event_ids.begin());
    CHECK(trial_event_ids == ids[t]);
    for (size_t i = 1; i < events.size(); ++i) {
      CHECK(events[i - 1].id < events[i].id);
    }
    for (const EventRecord& event : events) all_ids.insert(event.id);
    absl::StatusOr<std::vector<MetricPointRecord>> points =
        store.ListMetricPoints(absl::StrCat(job, "-", kCommits));
    REQUIRE(points.ok());
    CHECK(points->size() == 2);
  }
  CHECK(all_ids.size() == kThreads * (kCommits + 1));
  absl::StatusOr<std::vector<JobRecord>> jobs = store.ListJobs();
  REQUIRE(jobs.ok());
  CHECK(jobs->size() == kThreads);
}


}  // namespace
}  // namespace tune::storage
