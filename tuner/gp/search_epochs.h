// Restarts of the search when it stalls in one basin (after TuRBO's
// restarts, Eriksson et al. 2019, on one global model).
//
// Expected improvement commits to the first good basin it finds: on
// Hartmann6, every seed that settled in the second-best basin put 60 of
// its 100 trials within 0.25 of that basin's bottom and none within 0.25 of
// the global one. So the history is cut into epochs. An epoch ends after
// StallLength(d) observations in a row none of which beat the epoch's best
// so far by more than kRelativeTolerance of it (so a creep of many tiny
// steps counts as a stall), once the epoch is at least its design plus
// StallLength(d) long; the next observation opens a new epoch. Within an epoch the
// search is local to it: a fresh quasi-random design of RestartDesignSize
// points, then expected improvement over the epoch's own best, within a
// trust region around the epoch's own points. The model stays global: it
// knows every observation, so a new epoch is steered away from what is
// known to be bad, and the job's best trial is the best of all epochs.
//
// Epochs are a pure function of the values in history order, so a
// restarted tunerd, or a fresh designer given the same history, finds the
// same epochs.
//
// Example:
//   SearchEpoch epoch = CurrentEpoch(values, dims, first_design);
//   if (epoch.number > 0 &&
//       values.size() - epoch.start < RestartDesignSize(dims))
//     propose a restart design point
//
// Pure functions; safe from any thread.
#pragma once

#include <vector>

namespace tune::gp {

inline constexpr double kRelativeTolerance = 1e-3;

// Observations without improvement that end an epoch: max(10, 2 d).
int StallLength(int dims);

// The quasi-random points that open every epoch after the first:
// max(d + 1, 3).
int RestartDesignSize(int dims);

struct SearchEpoch {
  int number = 0;  // 0 for the first epoch
  int start = 0;   // the index of its first observation
};

// The epoch the next observation belongs to, given the values (to be
// minimized) of the observations so far in history order; the first epoch
// opens with the job's own design of `first_design` points. Non-finite
// values never count as an improvement.
SearchEpoch CurrentEpoch(const std::vector<double>& values, int dims,
                         int first_design);

}  // namespace tune::gp
