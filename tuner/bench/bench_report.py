"""Summaries and tables of benchmark runs, for the Python side.

The same statistics and formats as tuner/bench/run_summary.cc and
report.cc, so that optuna_peer.py's rows merge with tune_bench's:
quantiles interpolate linearly (numpy's default), simple regret is floored
at 1e-12 before its log10 is taken, values print with "%.5g", log10
regrets with "%.2f" ("n/a" when the optimum is unknown), seconds with
"%.1f".
"""

import json
import math

import numpy

REGRET_FLOOR = 1e-12


def quantile(values, q):
    """The q-quantile of the values that are not NaN (NaN if none)."""
    kept = [v for v in values if v is not None and not math.isnan(v)]
    if not kept:
        return math.nan
    return float(numpy.quantile(numpy.array(kept, dtype=float), q))


def summarize(task, strategy, curves, seconds):
    """The JSON object tune_bench writes for one strategy on one task.

    `task` is an entry of tasks.json; `curves` holds one best-so-far curve
    per seed (a short curve is extended with its last value)."""
    length = max(len(c) for c in curves)
    columns = [[c[min(i, len(c) - 1)] for c in curves if c]
               for i in range(length)]
    final_best = [c[-1] for c in curves if c]
    optimum = task.get("optimum")
    summary = {
        "task": task["name"],
        "strategy": strategy,
        "budget": task["budget"],
        "batch_size": task["batch_size"],
        "seeds": len(curves),
        "optimum": optimum,
        "median_best": quantile(final_best, 0.5),
        "q25_best": quantile(final_best, 0.25),
        "q75_best": quantile(final_best, 0.75),
        "median_log10_regret": None,
        "final_best": final_best,
        "median_curve": [quantile(c, 0.5) for c in columns],
        "q25_curve": [quantile(c, 0.25) for c in columns],
        "q75_curve": [quantile(c, 0.75) for c in columns],
        "seconds": seconds,
    }
    below = task.get("global_below")
    summary["global_basin"] = (None if below is None
                               else sum(1 for b in final_best if b < below))
    if optimum is not None:
        summary["median_log10_regret"] = quantile(
            [math.log10(max(b - optimum, REGRET_FLOOR)) for b in final_best],
            0.5)
    return _nan_to_none(summary)


def _nan_to_none(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list):
        return [_nan_to_none(v) for v in value]
    if isinstance(value, dict):
        return {k: _nan_to_none(v) for k, v in value.items()}
    return value


def _value(value):
    if value is None or math.isnan(value):
        return "n/a"
    return "%.5g" % value


def _heading(summary):
    budget = f"budget {summary['budget']}"
    if summary["batch_size"] > 1:
        rounds = summary["budget"] // summary["batch_size"]
        budget += f" as {rounds} rounds of {summary['batch_size']}"
    optimum = summary.get("optimum")
    optimum = ("optimum unknown" if optimum is None
               else f"optimum {_value(optimum)}")
    return f"### {summary['task']} ({budget}, {optimum})\n"


def markdown_table(summaries):
    """The heading and table for one task's summaries, as tune_bench prints
    them, ending with a blank line."""
    if not summaries:
        return ""
    # Tasks with a deceptive basin also count the seeds that left it.
    basin = summaries[0].get("global_basin") is not None
    lines = [_heading(summaries[0]),
             "| strategy | seeds | median best | q25 | q75 | median log10 "
             "regret | seconds |" + (" global basin |" if basin else ""),
             "|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if basin else "")]
    for s in summaries:
        regret = s.get("median_log10_regret")
        regret = "n/a" if regret is None else "%.2f" % regret
        row = (f"| {s['strategy']} | {s['seeds']} | {_value(s['median_best'])} | "
               f"{_value(s['q25_best'])} | {_value(s['q75_best'])} | {regret} | "
               f"{'%.1f' % s['seconds']} |")
        if basin:
            count = s.get("global_basin")
            row += (" n/a |" if count is None else f" {count}/{s['seeds']} |")
        lines.append(row)
    return "\n".join(lines) + "\n\n"


def write_json(path, generator, results):
    """Writes the summaries as tune_bench's --json does."""
    with open(path, "w") as f:
        json.dump({"generator": generator, "results": results}, f, indent=1)
        f.write("\n")
