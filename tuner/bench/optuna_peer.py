"""The peer of tune_bench: Optuna's TPE sampler on the same tasks.

Runs Optuna 3.1's TPESampler (default settings, seeded; and the same with
multivariate=True) on the tasks of tasks.json, with the same ranges (log
scale where the C++ spec is Logarithmic, IntDistribution for Integer,
CategoricalDistribution for Categorical), budgets and seeds (1..N), and
prints the same markdown table per task as tune_bench (optionally the same
JSON). Each run is sequential (ask 1, evaluate, tell); the q = 4 task asks
4 trials, evaluates them, then tells all 4 (TPE's default ignores running
trials). The synthetic functions come from bench_functions.py, the
scikit-learn task from sklearn_task.py, the very code tune_bench's child
process runs. At start-up the functions are checked against the values in
tasks.json.

Run with Debian's Python, which has python3-optuna:
  /usr/bin/python3 tuner/bench/optuna_peer.py [--tasks branin,...]
      [--variants tpe,tpe-mv] [--seeds 20] [--sklearn-seeds 5]
      [--json out.json]
"""

import argparse
import json
import math
import os
import random
import sys
import time
import warnings

import optuna

sys.dont_write_bytecode = True  # keep the source folder clean
import bench_functions  # noqa: E402
import bench_report  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TASKS_JSON = os.path.join(HERE, "tasks.json")
SKLEARN_FUNCTION = "sklearn_svc"
VARIANTS = {
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "tpe-mv": lambda seed: optuna.samplers.TPESampler(seed=seed,
                                                      multivariate=True),
}


def check_test_points(document):
    """Asserts that the Python functions give tasks.json's values."""
    tasks = {t["name"]: t for t in document["tasks"]}
    for point in document["test_points"]:
        task = tasks[point["task"]]
        value = bench_functions.evaluate_synthetic(task, point["parameters"])
        expected = point["value"]
        assert abs(value - expected) <= 1e-13 * abs(expected) + 1e-15, (
            f"{task['name']} at {point['parameters']}: {value!r} != "
            f"{expected!r}")


def distributions(task):
    result = {}
    for r in task["ranges"]:
        if r["type"] == "continuous":
            result[r["name"]] = optuna.distributions.FloatDistribution(
                r["min"], r["max"], log=r["scaling"] == "log")
        elif r["type"] == "integer":
            result[r["name"]] = optuna.distributions.IntDistribution(
                int(r["min"]), int(r["max"]), log=r["scaling"] == "log")
        elif r["type"] == "categorical":
            result[r["name"]] = optuna.distributions.CategoricalDistribution(
                r["values"])
        else:
            raise ValueError(f"unknown range type {r['type']}")
    return result


def objective_for(task):
    if task["function"] == SKLEARN_FUNCTION:
        import sklearn_task  # loads the data set; only when needed
        return sklearn_task.evaluate
    return lambda parameters: bench_functions.evaluate_synthetic(task,
                                                                 parameters)


def run_once(task, objective, variant, seed):
    """One optimization; returns the best value after each evaluation.

    On a noisy task (noise_sd) the sampler is told each value plus Gaussian
    noise, and the curve holds the noise-free value of the best point seen
    (TPE has no model to recommend from), as tune_bench scores its random
    and sobol strategies."""
    study = optuna.create_study(direction="minimize",
                                sampler=VARIANTS[variant](seed))
    space = distributions(task)
    noise_sd = task.get("noise_sd", 0.0)
    noise = random.Random(7919 * seed)
    best_seen = math.nan
    best = math.nan
    curve = []
    while len(curve) < task["budget"]:
        count = min(task["batch_size"], task["budget"] - len(curve))
        trials = [study.ask(space) for _ in range(count)]
        values = [objective(trial.params) for trial in trials]
        for trial, value in zip(trials, values):
            seen = value + noise.gauss(0.0, noise_sd) if noise_sd > 0 else value
            study.tell(trial, seen)
            if not math.isnan(seen) and not best_seen <= seen:
                best_seen = seen
                best = value
            curve.append(best)
    return curve


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", default="",
                        help="comma-separated tasks (default: all)")
    parser.add_argument("--variants", default="tpe,tpe-mv",
                        help="comma-separated: tpe, tpe-mv")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--sklearn-seeds", type=int, default=0,
                        help="seeds for the scikit-learn task "
                             "(default: --seeds)")
    parser.add_argument("--json", default="")
    args = parser.parse_args()

    with open(TASKS_JSON) as f:
        document = json.load(f)
    check_test_points(document)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)

    tasks = document["tasks"]
    if args.tasks:
        wanted = args.tasks.split(",")
        known = {t["name"] for t in tasks}
        for name in wanted:
            if name not in known:
                sys.exit(f"optuna_peer: unknown task {name}")
        tasks = [t for t in tasks if t["name"] in wanted]
    variants = args.variants.split(",")
    for variant in variants:
        if variant not in VARIANTS:
            sys.exit(f"optuna_peer: unknown variant {variant}")

    results = []
    for task in tasks:
        objective = objective_for(task)
        seeds = args.seeds
        if task["function"] == SKLEARN_FUNCTION and args.sklearn_seeds > 0:
            seeds = args.sklearn_seeds
        summaries = []
        for variant in variants:
            start = time.monotonic()
            curves = [run_once(task, objective, variant, seed)
                      for seed in range(1, seeds + 1)]
            seconds = time.monotonic() - start
            print(f"optuna_peer: {task['name']} optuna-{variant}: {seeds} "
                  f"seeds in {seconds:.1f} s", file=sys.stderr, flush=True)
            summaries.append(bench_report.summarize(
                task, f"optuna-{variant}", curves, seconds))
        print(bench_report.markdown_table(summaries), end="", flush=True)
        results.extend(summaries)

    if args.json:
        bench_report.write_json(args.json, "optuna_peer", results)


if __name__ == "__main__":
    main()
