"""The synthetic objectives of the benchmark, for the Optuna peer.

The same formulas as tuner/bench/test_functions.cc, written in the same
order of operations so that both sides give the same doubles; tasks.json
holds points and values that both check. All are minimized.
"""

import math

HARTMANN_ALPHA = (1.0, 1.2, 3.0, 3.2)
HARTMANN_A = (
    (10, 3, 17, 3.5, 1.7, 8),
    (0.05, 10, 17, 0.1, 8, 14),
    (3, 3.5, 1.7, 10, 17, 8),
    (17, 8, 0.05, 10, 0.1, 14),
)
# Multiplied by 1e-4 when used.
HARTMANN_P = (
    (1312, 1696, 5569, 124, 8283, 5886),
    (2329, 4135, 8307, 3736, 1004, 9991),
    (2348, 1451, 3522, 2883, 3047, 6650),
    (4047, 8828, 8732, 5743, 1091, 381),
)


def branin(x):
    b = 5.1 / (4 * math.pi * math.pi)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    inner = x[1] - b * x[0] * x[0] + c * x[0] - 6
    return inner * inner + 10 * (1 - t) * math.cos(x[0]) + 10


def hartmann6(x):
    total = 0.0
    for i in range(4):
        exponent = 0.0
        for j in range(6):
            d = x[j] - HARTMANN_P[i][j] * 1e-4
            exponent += HARTMANN_A[i][j] * d * d
        total += HARTMANN_ALPHA[i] * math.exp(-exponent)
    return -total


def ackley(x):
    two_pi = 2 * math.pi
    squares = 0.0
    cosines = 0.0
    for v in x:
        squares += v * v
        cosines += math.cos(two_pi * v)
    n = float(len(x))
    return (-20 * math.exp(-0.2 * math.sqrt(squares / n))
            - math.exp(cosines / n) + 20 + math.e)


def rosenbrock(x):
    total = 0.0
    for i in range(len(x) - 1):
        a = x[i + 1] - x[i] * x[i]
        b = 1 - x[i]
        total += 100 * a * a + b * b
    return total


def ackley_mixed(inputs):
    """The ackley-mixed task: (h0, ..., h4, x) with the categories as
    numbers; Ackley of (-1 + h0/8, ..., -1 + h4/8, x)."""
    z = [-1 + v / 8 for v in inputs[:-1]]
    z.append(inputs[-1])
    return ackley(z)


TWO_BASINS_WIDE = (0.25, 0.3, 0.25)
TWO_BASINS_NARROW = (0.8, 0.75, 0.85)


def two_basins(x):
    """A wide basin at TWO_BASINS_WIDE (depth 1, width 0.25) and the global
    one, narrow, at TWO_BASINS_NARROW (depth 1.5, width 0.08)."""
    wide = 0.0
    narrow = 0.0
    for j in range(3):
        dw = x[j] - TWO_BASINS_WIDE[j]
        dn = x[j] - TWO_BASINS_NARROW[j]
        wide += dw * dw
        narrow += dn * dn
    return -(math.exp(-wide / (2 * 0.25 * 0.25)) +
             1.5 * math.exp(-narrow / (2 * 0.08 * 0.08)))


FUNCTIONS = {
    "branin": branin,
    "hartmann6": hartmann6,
    "ackley": ackley,
    "rosenbrock": rosenbrock,
    "ackley_mixed": ackley_mixed,
    "two_basins": two_basins,
}


def evaluate_synthetic(task, parameters):
    """The value of a synthetic task (an entry of tasks.json) at a dict of
    parameters: the ranges' values in order, categories read as numbers."""
    x = [float(parameters[r["name"]]) for r in task["ranges"]]
    return FUNCTIONS[task["function"]](x)
