#include "tuner/cli/progress.h"

#include <catch2/catch.hpp>
#include <sstream>

namespace tune::cli {
namespace {

tune::v1::TuningJob Job(int completed, int running, int failed,
                        double best = -1) {
  tune::v1::TuningJob job;
  job.set_name("job");
  job.set_max_jobs(10);
  job.mutable_counts()->set_completed(completed);
  job.mutable_counts()->set_in_progress(running);
  job.mutable_counts()->set_failed(failed);
  if (best >= 0) {
    job.mutable_best_trial()->set_id("job-3");
    job.mutable_best_trial()->set_objective(best);
  }
  return job;
}

TEST_CASE(
    "the progress text counts done of max_jobs, running, failed and the best") {
  CHECK(FormatProgress(Job(0, 2, 0)) ==
        "0/10 done, 2 running, 0 failed, best -");
  CHECK(FormatProgress(Job(4, 3, 1, 0.93)) ==
        "5/10 done, 3 running, 1 failed, best 0.93 (job-3)");
  CHECK(FormatProgressBar(Job(5, 0, 0), 10) == "[#####-----]");
  CHECK(FormatProgressBar(Job(10, 0, 0), 4) == "[####]");
  tune::v1::TuningJob unlimited = Job(3, 0, 0);
  unlimited.set_max_jobs(0);
  CHECK(FormatProgressBar(unlimited, 4) == "[####]");
}

TEST_CASE("off a terminal, progress is a whole line, printed when it changes") {
  std::ostringstream out;
  ProgressPrinter progress(out, /*terminal=*/false);
  progress.Event("event one\n", Job(0, 1, 0));
  progress.Event("event two\n", Job(0, 1, 0));  // unchanged: no new line
  progress.Event("event three\n", Job(1, 0, 0, 0.5));
  progress.Finish();
  CHECK(out.str() ==
        "event one\n"
        "progress: 0/10 done, 1 running, 0 failed, best -\n"
        "event two\n"
        "event three\n"
        "progress: 1/10 done, 0 running, 0 failed, best 0.5 (job-3)\n");
  CHECK(out.str().find('\r') == std::string::npos);
}

TEST_CASE("on a terminal, the bar is rewritten in place under the events") {
  std::ostringstream out;
  ProgressPrinter progress(out, /*terminal=*/true);
  progress.Event("event one\n", Job(0, 1, 0));
  progress.Event("event two\n", Job(5, 0, 0));
  progress.Finish();
  CHECK(out.str() ==
        "event one\n"
        "[------------------------] 0/10 done, 1 running, 0 failed, best -"
        "\r\x1b[K"
        "event two\n"
        "[############------------] 5/10 done, 0 running, 0 failed, best -\n");
}

}  // namespace
}  // namespace tune::cli
