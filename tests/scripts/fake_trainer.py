#!/usr/bin/env python3
"""A stand-in training program for the cross-process tests.

It prints per-epoch metric lines the way a real trainer does, plus junk, and
leaves evidence in its trial directory for the test to check against:
  pid, child_pid      its own pid and that of a child it may start
  cuda_visible_devices  the GPUs it was given
  environ             NAME=value of its environment, one a line, sorted
  expected.json       every metric point it printed: [metric, step, text]
and, when FAKE_TRAINER_LOG is set, appends "start|end <time> <trial>" lines
to that file so the test can count trials running at once; when
FAKE_TRAINER_ATTEMPT_LOG is set, appends "start <trial directory name>" to
that one, so a test can count the runs of each attempt.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time


def log_event(kind):
    path = os.environ.get("FAKE_TRAINER_LOG")
    if path:
        with open(path, "a") as f:
            f.write(f"{kind} {time.time():.6f} {os.environ['TUNE_TRIAL_ID']}\n")
    attempts = os.environ.get("FAKE_TRAINER_ATTEMPT_LOG")
    if attempts and kind == "start":
        with open(attempts, "a") as f:
            f.write(f"start {os.path.basename(os.environ['TUNE_TRIAL_DIR'])}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--x", type=float, required=True)
    parser.add_argument("--y", type=int, default=5)
    parser.add_argument("--kind", default="a")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--sleep", type=float, default=0.0)
    parser.add_argument("--spawn_child", type=int, default=0)
    parser.add_argument("--exit_code", type=int, default=0)
    parser.add_argument("--print_objective", type=int, default=1)
    # Ends the log with bytes that are not UTF-8. 1: a long line, Latin-1
    # text, then a progress bar without a newline cut mid-character; 2: only
    # a progress bar of 24 KB without a newline.
    parser.add_argument("--latin1_tail", type=int, default=0)
    # After the epochs, this many more lines of loss and score, fast; the
    # last score printed goes to last_score (expected.json stops before).
    parser.add_argument("--flood", type=int, default=0)
    # Prints a loss its regex captures but that is no number.
    parser.add_argument("--bad_value", type=int, default=0)
    args = parser.parse_args()

    trial_dir = os.environ["TUNE_TRIAL_DIR"]
    with open(os.path.join(trial_dir, "pid"), "w") as f:
        f.write(str(os.getpid()))
    with open(os.path.join(trial_dir, "cuda_visible_devices"), "w") as f:
        f.write(os.environ.get("CUDA_VISIBLE_DEVICES", "<unset>"))
    with open(os.path.join(trial_dir, "environ"), "w") as f:
        f.write("".join(f"{k}={v}\n" for k, v in sorted(os.environ.items())))
    if args.spawn_child:
        child = subprocess.Popen(["sleep", "600"])
        with open(os.path.join(trial_dir, "child_pid"), "w") as f:
            f.write(str(child.pid))
    log_event("start")

    final = 2.0 - (args.x - 0.3) ** 2 - 0.01 * (args.y - 5) ** 2 + (
        0.1 if args.kind == "b" else 0.0)
    expected = []
    for epoch in range(1, args.epochs + 1):
        loss = f"{1.0 / epoch + 0.01 * abs(args.x):.6f}"
        score = f"{final * epoch / args.epochs:.6f}"
        throughput = f"{1000 + epoch}"
        if args.print_objective:
            print(f"epoch {epoch}: loss={loss} score={score}")
            expected += [["loss", epoch, loss], ["score", epoch, score]]
        else:
            print(f"epoch {epoch}: loss={loss}")
            expected.append(["loss", epoch, loss])
        print("some progress line without metrics")
        print(f"throughput={throughput} img/s", file=sys.stderr)
        expected.append(["throughput", epoch, throughput])
        sys.stdout.flush()
        sys.stderr.flush()
        with open(os.path.join(trial_dir, "expected.json"), "w") as f:
            json.dump(expected, f)
        if args.sleep > 0:
            time.sleep(args.sleep)
    if args.bad_value:
        print("loss=1.2.3")
        sys.stdout.flush()
    if args.flood > 0:
        lines = []
        for i in range(1, args.flood + 1):
            score = f"{final - 1.0 / (i + 1):.6f}"
            lines.append(f"loss={1.0 / (i + 1):.6f} score={score}\n")
        sys.stdout.write("".join(lines))
        sys.stdout.flush()
        with open(os.path.join(trial_dir, "last_score"), "w") as f:
            f.write(score)
    bar = b"\xe2\x96\x88"  # U+2588 FULL BLOCK
    tails = {1: bar * 8000 + b"\ncaf\xe9\n" + bar * 10 + b"\xe2\x96",
             2: bar * 8000 + b"\xe2\x96"}
    if args.latin1_tail in tails:
        sys.stdout.flush()
        sys.stdout.buffer.write(tails[args.latin1_tail])
        sys.stdout.buffer.flush()
    log_event("end")
    return args.exit_code


if __name__ == "__main__":
    sys.exit(main())
