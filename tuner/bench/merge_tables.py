"""Merges the JSON results of tune_bench, optuna_peer.py and
botorch_peer.py into one markdown table per task (rows: every strategy of
every file, in the order of the files; tasks in the order of tasks.json,
then any others).

  /usr/bin/python3 tuner/bench/merge_tables.py tune_bench.json optuna.json \
      [botorch.json]
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source folder clean
import bench_report  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main(paths):
    with open(os.path.join(HERE, "tasks.json")) as f:
        order = [t["name"] for t in json.load(f)["tasks"]]
    by_task = {}
    for path in paths:
        with open(path) as f:
            for summary in json.load(f)["results"]:
                by_task.setdefault(summary["task"], []).append(summary)
    names = [n for n in order if n in by_task]
    names += [n for n in by_task if n not in order]
    for name in names:
        print(bench_report.markdown_table(by_task[name]), end="")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
