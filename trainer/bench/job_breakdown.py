"""One markdown row of gpu_job_bench.sh: where a tuning job's time went.

usage: job_breakdown.py TRIALS_JSON WORK_DIR SLOTS
TRIALS_JSON is `tunectl -o json list-trials JOB`; WORK_DIR the workerd's,
whose trial directories hold each trial's output.log.
"""
import json
import os
import re
import sys


def number(pattern, text):
    match = re.search(pattern, text)
    return float(match.group(1)) if match else 0.0


def main():
    trials_json, work_dir, slots = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(trials_json) as f:
        data = json.load(f)
    trials = data["trials"]  # tunectl keeps the protos' field names

    def at(trial, key):
        return float(trial.get(key) or 0)

    ended = [t for t in trials if at(t, "ended_at")]
    first = min(at(t, "created_at") for t in trials)
    last = max(at(t, "ended_at") for t in ended)
    wall = last - first
    sums = {"startup": 0.0, "priming": 0.0, "training": 0.0}
    training_spans = []
    for trial in ended:
        started, finished = at(trial, "started_at"), at(trial, "ended_at")
        log_path = os.path.join(work_dir, trial["id"], "output.log")
        log = open(log_path).read() if os.path.exists(log_path) else ""
        priming = number(r"primed in ([0-9.]+) s", log)
        training = number(r"training seconds=([0-9.]+)", log)
        sums["priming"] += priming
        sums["training"] += training
        # Whatever the trial's wall time holds beyond priming and training:
        # start-up and data before, the test evaluation and exit after.
        sums["startup"] += max(finished - started - priming - training, 0)
        training_spans.append((finished - training, finished))
    # Slot time not spent inside a trial: the tuner's turnaround (and the
    # job's ramp-up and tail, when fewer trials than slots are left).
    busy_slots = sum(at(t, "ended_at") - at(t, "started_at") for t in ended)
    turnaround = max(slots * wall - busy_slots, 0)
    # The union of training spans: time in which the GPU trained anything.
    training_spans.sort()
    union, current_start, current_end = 0.0, None, None
    for start, end in training_spans:
        if current_end is None or start > current_end:
            if current_end is not None:
                union += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        union += current_end - current_start
    best = max((t.get("objective", 0) for t in ended), default=0)
    print(f"| {slots} | {len(ended)} | {wall:.1f} | {sums['startup']:.1f} | "
          f"{sums['priming']:.1f} | {sums['training']:.1f} | "
          f"{turnaround:.1f} | {100 * union / wall:.0f}% | {best:.4f} |")


if __name__ == "__main__":
    main()
