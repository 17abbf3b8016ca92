"""Peer of bench/frontier.bench.ts: the same long-only efficient frontier with scipy's SLSQP.

Reads {"mu": [...], "cov": [[...]], "targets": [...], "rounds": N} on stdin; for each target return
solves  min wᵀΣw  s.t.  1ᵀw = 1, μᵀw = target, 0 ≤ w ≤ 1  (analytic gradients, ftol 1e-12), the
same problem as Fluxo's active-set QP. Prints {"seconds": best of N, "vols": [...], "ok": bool}.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize

data = json.load(sys.stdin)
mu = np.array(data["mu"])
cov = np.array(data["cov"])
targets = data["targets"]
rounds = int(data.get("rounds", 5))
n = len(mu)


def frontier():
    vols, ok = [], True
    w0 = np.full(n, 1.0 / n)
    for t in targets:
        r = minimize(
            lambda w: w @ cov @ w,
            w0,
            jac=lambda w: 2 * cov @ w,
            method="SLSQP",
            bounds=[(0.0, 1.0)] * n,
            constraints=[
                {"type": "eq", "fun": lambda w: w.sum() - 1, "jac": lambda w: np.ones(n)},
                {"type": "eq", "fun": lambda w, t=t: mu @ w - t, "jac": lambda w: mu},
            ],
            options={"ftol": 1e-12, "maxiter": 1000},
        )
        ok = ok and bool(r.success)
        w = np.clip(r.x, 0, 1)
        vols.append(float(np.sqrt(w @ cov @ w)))
        w0 = r.x
    return vols, ok


best = float("inf")
for _ in range(rounds):
    t0 = time.perf_counter()
    vols, ok = frontier()
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"seconds": best, "vols": vols, "ok": ok}))
