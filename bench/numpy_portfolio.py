"""Peer: the portfolio metrics of bench/portfolio.bench.ts, vectorised in numpy over a matrix of
returns (assets x days), with the same (empyrical) conventions: a missing return (NaN) counts as a
period and compounds as 0 but is left out of means, std (ddof 1) and percentiles; A = 252; rf = MAR = 0;
cutoff 0.05; max drawdown on wealth starting at 1.0; VaR numpy's linear percentile; CVaR the mean of
the returns <= VaR; parametric VaR mean + std * Phi^-1(0.05).
Usage: python3 bench/numpy_portfolio.py FILE ASSETS DAYS ROUNDS
  FILE: float64 little-endian, asset-major (written by the TypeScript bench).
  -> prints JSON {seconds (best of ROUNDS after a warm-up), median, corrSeconds, metrics: {name: [...]},
     corrProbe}: compute only (reading the file and importing numpy excluded)."""
import json, sys, time
from statistics import NormalDist
import numpy as np

FILE, K, N, ROUNDS = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
A = 252.0
CUTOFF = 0.05
Z = NormalDist().inv_cdf(CUTOFF)
R = np.fromfile(FILE, dtype="<f8").reshape(K, N)


def metrics(R):
    valid = ~np.isnan(R)
    m = valid.sum(axis=1)
    R0 = np.where(valid, R, 0.0)
    wealth = np.cumprod(1.0 + R0, axis=1)
    final = wealth[:, -1]
    ann = final ** (A / N) - 1
    mean = R0.sum(axis=1) / m
    dev = np.where(valid, R0 - mean[:, None], 0.0)
    std = np.sqrt(np.einsum("ij,ij->i", dev, dev) / (m - 1))
    down = np.minimum(R0, 0.0)  # MAR 0: a missing period (0) adds nothing
    dr = np.sqrt(np.einsum("ij,ij->i", down, down) / m) * np.sqrt(A)
    w1 = np.concatenate([np.ones((R.shape[0], 1)), wealth], axis=1)
    dd = w1 / np.maximum.accumulate(w1, axis=1) - 1
    trough = dd.argmin(axis=1)
    mdd = dd[np.arange(R.shape[0]), trough]
    # Percentile per row with its own count of valid values: partition at every index any row needs.
    h = (m - 1) * CUTOFF
    lo = np.floor(h).astype(np.int64)
    hi = np.minimum(lo + 1, m - 1)
    P = np.partition(R, np.unique(np.concatenate([lo, hi])), axis=1)  # NaN go last
    rows = np.arange(R.shape[0])
    a, b, t = P[rows, lo], P[rows, hi], h - lo
    var = np.where(t >= 0.5, b - (b - a) * (1 - t), a + (b - a) * t)
    tail = P <= var[:, None]
    cvar = np.where(tail, P, 0.0).sum(axis=1) / tail.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "cumulativeReturn": final - 1,
            "annualReturn": ann,
            "annualVolatility": std * np.sqrt(A),
            "sharpe": mean / std * np.sqrt(A),
            "downsideRisk": dr,
            "sortino": mean * A / dr,
            "maxDrawdown": mdd,
            "maxDrawdownTrough": trough.astype(np.float64),
            "calmar": np.where(mdd < 0, ann / -mdd, np.nan),
            "var": var,
            "cvar": cvar,
            "parametricVar": mean + std * Z,
        }


out = metrics(R)  # warm-up
times = []
for _ in range(ROUNDS):
    t0 = time.perf_counter()
    out = metrics(R)
    times.append(time.perf_counter() - t0)

C = np.nan_to_num(R, nan=0.0)
corr = np.corrcoef(C)  # warm-up
ctimes = []
for _ in range(min(ROUNDS, 3)):
    t0 = time.perf_counter()
    corr = np.corrcoef(C)
    ctimes.append(time.perf_counter() - t0)
probe = []
for a in range(K):
    probe.append(float(corr[a, (7 * a + 3) % K]))
    probe.append(float(corr[a, (a + 1) % K]))

print(json.dumps({
    "seconds": min(times),
    "median": float(np.median(times)),
    "corrSeconds": min(ctimes),
    "metrics": {k: [float(x) if np.isfinite(x) else None for x in v] for k, v in out.items()},
    "corrProbe": probe,
}))
