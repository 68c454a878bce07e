"""The BoTorch peer of tune_bench: a textbook GP-EI loop on the same tasks.

BoTorch's SingleTaskGP (its default priors) with LogExpectedImprovement
(ExpectedImprovement on versions before 0.8.1, which lack it), maximized by
optimize_acqf
(10 restarts from 512 raw samples), after a scrambled Sobol design of
max(2 d + 1, 5) points: the settings of the reference numbers that issue 16
quotes (BoTorch 0.8.5, measured on a machine that had it). Inputs are
scaled to the unit cube (log ranges on the log scale), outputs
standardized. Only sequential synthetic tasks whose ranges are all
continuous run (the others are skipped with a message). On a noisy task
the curve follows the best value seen, and the run is scored on the
noise-free value of the observed point with the best posterior mean under
a model fitted to every observation, as tune_bench scores its gp
strategy.

Debian has no BoTorch; the GPU machines' images have PyTorch and may have
it. Without `import botorch` the script prints why and exits 0, so
run_benchmarks.sh goes on without it:
  python3 tuner/bench/botorch_peer.py [--tasks branin,hartmann6]
      [--seeds 20] [--json out.json]
"""

import argparse
import json
import math
import os
import random
import sys
import time

sys.dont_write_bytecode = True  # keep the source folder clean

HERE = os.path.dirname(os.path.abspath(__file__))
TASKS_JSON = os.path.join(HERE, "tasks.json")
RESTARTS = 10
RAW_SAMPLES = 512


def import_botorch():
    """The modules the loop needs, or None with the reason printed."""
    try:
        import torch
        import botorch
        from botorch.models import SingleTaskGP
        from botorch.models.transforms.outcome import Standardize
        from botorch.fit import fit_gpytorch_mll
        from botorch.optim import optimize_acqf
        from gpytorch.mlls import ExactMarginalLogLikelihood
        try:
            from botorch.acquisition.analytic import (
                LogExpectedImprovement as Acquisition)
        except ImportError:
            from botorch.acquisition.analytic import (
                ExpectedImprovement as Acquisition)
    except ImportError as error:
        print(f"botorch_peer: skipped: cannot import BoTorch ({error}); "
              "install PyTorch and BoTorch to measure this peer",
              file=sys.stderr)
        return None
    return {"torch": torch, "version": botorch.__version__,
            "SingleTaskGP": SingleTaskGP, "Standardize": Standardize,
            "fit": fit_gpytorch_mll, "optimize_acqf": optimize_acqf,
            "mll": ExactMarginalLogLikelihood, "Acquisition": Acquisition}


def runnable(task):
    """Sequential synthetic tasks with continuous ranges only."""
    return (task["function"] in bench_functions.FUNCTIONS and
            task["batch_size"] == 1 and
            all(r["type"] == "continuous" for r in task["ranges"]))


def to_parameters(task, unit):
    """A point of the unit cube as the task's parameters."""
    parameters = {}
    for r, u in zip(task["ranges"], unit):
        if r["scaling"] == "log":
            low, high = math.log(r["min"]), math.log(r["max"])
            parameters[r["name"]] = math.exp(low + u * (high - low))
        else:
            parameters[r["name"]] = r["min"] + u * (r["max"] - r["min"])
    return parameters


def fitted_model(bt, xs, seen):
    """The GP on the observations so far (BoTorch maximizes: negated)."""
    torch = bt["torch"]
    train_x = torch.stack(xs)
    train_y = -torch.tensor(seen, dtype=torch.double).unsqueeze(-1)
    model = bt["SingleTaskGP"](
        train_x, train_y, outcome_transform=bt["Standardize"](m=1))
    bt["fit"](bt["mll"](model.likelihood, model))
    return model, train_y


def run_once(bt, task, seed):
    """One minimization; the best value after each evaluation."""
    torch = bt["torch"]
    torch.manual_seed(seed)
    dims = len(task["ranges"])
    dtype = torch.double
    bounds = torch.stack([torch.zeros(dims, dtype=dtype),
                          torch.ones(dims, dtype=dtype)])
    design = max(2 * dims + 1, 5)
    sobol = torch.quasirandom.SobolEngine(dims, scramble=True, seed=seed)
    noise_sd = task.get("noise_sd", 0.0)
    noise = random.Random(7919 * seed)
    xs, seen, true = [], [], []
    curve = []
    while len(xs) < task["budget"]:
        if len(xs) < design:
            x = sobol.draw(1, dtype=dtype)[0]
        else:
            model, train_y = fitted_model(bt, xs, seen)
            acquisition = bt["Acquisition"](model, best_f=train_y.max())
            candidate, _ = bt["optimize_acqf"](
                acquisition, bounds=bounds, q=1, num_restarts=RESTARTS,
                raw_samples=RAW_SAMPLES)
            x = candidate[0].detach()
        value = bench_functions.evaluate_synthetic(
            task, to_parameters(task, x.tolist()))
        xs.append(x)
        true.append(value)
        seen.append(value + noise.gauss(0.0, noise_sd) if noise_sd > 0
                    else value)
        best = min(range(len(seen)), key=lambda i: seen[i])
        curve.append(true[best])
    if noise_sd > 0:
        model, _ = fitted_model(bt, xs, seen)
        with torch.no_grad():
            mean = model.posterior(torch.stack(xs)).mean.squeeze(-1)
        curve[-1] = true[int(torch.argmax(mean))]
    return curve


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", default="branin,hartmann6",
                        help="comma-separated tasks (default: "
                             "branin,hartmann6, the issue's reference)")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--json", default="")
    args = parser.parse_args()

    with open(TASKS_JSON) as f:
        document = json.load(f)
    known = {t["name"]: t for t in document["tasks"]}
    for name in args.tasks.split(","):
        if name not in known:
            sys.exit(f"botorch_peer: unknown task {name}")
    bt = import_botorch()
    if bt is None:
        return
    # Only now: the Python that has BoTorch may be another than Debian's.
    global bench_functions, bench_report
    import bench_functions
    import bench_report
    strategy = f"botorch-{bt['version']}"
    results = []
    for name in args.tasks.split(","):
        task = known[name]
        if not runnable(task):
            print(f"botorch_peer: {name}: skipped (not a synthetic task "
                  "with continuous ranges only)", file=sys.stderr)
            continue
        start = time.monotonic()
        curves = [run_once(bt, task, seed) for seed in range(1, args.seeds + 1)]
        seconds = time.monotonic() - start
        print(f"botorch_peer: {name} {strategy}: {args.seeds} seeds in "
              f"{seconds:.1f} s", file=sys.stderr, flush=True)
        summary = bench_report.summarize(task, strategy, curves, seconds)
        print(bench_report.markdown_table([summary]), end="", flush=True)
        results.append(summary)

    if args.json:
        bench_report.write_json(args.json, "botorch_peer", results)


if __name__ == "__main__":
    main()
