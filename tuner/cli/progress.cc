#include "tuner/cli/progress.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tuner/cli/format.h"

namespace tune::cli {

namespace {

// Clears the terminal line the cursor is on.
constexpr char kClearLine[] = "\r\x1b[K";

int Done(const tune::v1::TuningJob& job) {
  const auto& c = job.counts();
  return c.completed() + c.failed() + c.stopped();
}

}  // namespace

std::string FormatProgress(const tune::v1::TuningJob& job) {
  const auto& c = job.counts();
  std::string text =
      absl::StrCat(Done(job), "/", job.max_jobs(), " done, ", c.in_progress(),
                   " running, ", c.failed(), " failed, best ");
  if (job.has_best_trial()) {
    absl::StrAppend(&text, FormatNumber(job.best_trial().objective()), " (",
                    job.best_trial().id(), ")");
  } else {
    text += "-";
  }
  return text;
}

std::string FormatProgressBar(const tune::v1::TuningJob& job, int width) {
  const int done = Done(job);
  const int total = std::max(job.max_jobs(), 1);
  const int filled = std::clamp(done * width / total, 0, width);
  return absl::StrCat("[", std::string(filled, '#'),
                      std::string(width - filled, '-'), "]");
}

void ProgressPrinter::Event(std::string_view event_text,
                            const tune::v1::TuningJob& job) {
  const std::string progress = FormatProgress(job);
  if (terminal_) {
    if (bar_shown_) out_ << kClearLine;
    out_ << event_text << FormatProgressBar(job) << " " << progress;
    bar_shown_ = true;
  } else {
    out_ << event_text;
    if (progress != last_) out_ << "progress: " << progress << "\n";
  }
  last_ = progress;
  out_.flush();
}

void ProgressPrinter::Finish() {
  if (bar_shown_) out_ << "\n";
  bar_shown_ = false;
  out_.flush();
}

}  // namespace tune::cli
