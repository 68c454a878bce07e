"""The benchmark's hyperparameter-tuning task: an SVM on a real data set.

Objective: 1 - mean accuracy of a support-vector classifier (a
StandardScaler then sklearn.svm.SVC) under 3-fold stratified
cross-validation on the Wisconsin breast-cancer data that scikit-learn
ships (load_breast_cancer: 569 samples, 30 features). Minimized.

Hyperparameters (tasks.json, task "svc-breast-cancer", lists the ranges):
  C       Continuous, Logarithmic, [1e-3, 1e3]
  gamma   Continuous, Logarithmic, [1e-5, 1e1]
  kernel  Categorical: rbf, poly, sigmoid
  degree  Integer, [1, 5] (read by the poly kernel only)

Deterministic: the folds are fixed (shuffled once with random_state 0) and
SVC without probability estimates uses no randomness, so the same
parameters always give the same number.

Two uses:
  * optuna_peer.py imports evaluate();
  * tune_bench runs this file as one long-lived child process that talks a
    line protocol: it prints "ready svc-breast-cancer" once, then reads one
    JSON object of parameters per line on stdin and answers each with one
    line on stdout: the objective as a Python float repr, or
    "error <message>". It exits at the end of its input.
"""

import json
import sys

from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

TASK_NAME = "svc-breast-cancer"
KERNELS = ("rbf", "poly", "sigmoid")

_FEATURES, _LABELS = load_breast_cancer(return_X_y=True)
_FOLDS = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)


def evaluate(parameters):
    """1 - 3-fold CV accuracy for a dict with keys C, gamma, kernel, degree."""
    kernel = parameters["kernel"]
    if kernel not in KERNELS:
        raise ValueError(f"unknown kernel {kernel!r}")
    model = make_pipeline(
        StandardScaler(),
        SVC(C=float(parameters["C"]), gamma=float(parameters["gamma"]),
            kernel=kernel, degree=int(parameters["degree"]),
            random_state=0))
    scores = cross_val_score(model, _FEATURES, _LABELS, cv=_FOLDS)
    return 1.0 - float(scores.mean())


def serve(lines, out):
    """Answers each JSON line of `lines` on `out` (the line protocol)."""
    print(f"ready {TASK_NAME}", file=out, flush=True)
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            value = evaluate(json.loads(line))
            print(repr(value), file=out, flush=True)
        except Exception as error:  # reported to the caller, line by line
            message = str(error).replace("\n", " ")
            print(f"error {type(error).__name__}: {message}", file=out,
                  flush=True)


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
