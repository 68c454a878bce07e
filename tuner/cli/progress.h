// The live progress of tunectl watch: trials done of max_jobs, running,
// failed and the best objective so far, under the job's event lines.
//
// On a terminal the progress is a bar on the last line, rewritten in place
// with '\r' as events come; anywhere else (a pipe, a file, a log scraper)
// it is a whole "progress: ..." line, printed only when it changed.
// Not thread-safe; one printer per output stream.
//
//   ProgressPrinter progress(std::cout, isatty(STDOUT_FILENO));
//   while (reader->Read(&event)) progress.Event(EventText(event), event.job());
//   progress.Finish();
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "tune/v1/tuner.pb.h"

namespace tune::cli {

// "6/20 done, 3 running, 1 failed, best 0.93 (job-4)"
std::string FormatProgress(const tune::v1::TuningJob& job);
// "[######--------------]", done of max_jobs, `width` cells between the
// brackets.
std::string FormatProgressBar(const tune::v1::TuningJob& job, int width = 24);

class ProgressPrinter {
 public:
  ProgressPrinter(std::ostream& out, bool terminal)
      : out_(out), terminal_(terminal) {}

  // Prints the event's text (whole lines, '\n'-terminated), then the
  // progress of `job` after it.
  void Event(std::string_view event_text, const tune::v1::TuningJob& job);
  // Leaves the terminal's bar on its own line.
  void Finish();

 private:
  std::ostream& out_;
  bool terminal_;
  bool bar_shown_ = false;  // terminal: the bar is on the current line
  std::string last_;        // the last progress printed
};

}  // namespace tune::cli
