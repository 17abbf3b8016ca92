"""Peer: the same Monte Carlo "when" (bootstrap whole periods, nearest-rank) in vectorised numpy.
Usage: python3 bench/numpy_when.py TRIALS
  -> prints JSON {trials, seconds, periods, p85}: `seconds` is the simulation and summary only
     (after numpy is imported), `periods` the periods simulated (a did-not-finish trial counts
     max_periods)."""
import json, sys, time
import numpy as np

samples = np.array([1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2], dtype=np.int64)
backlog, trials, max_periods = 100, int(sys.argv[1]), 1000
rng = np.random.default_rng(1)
t0 = time.perf_counter()
done_at = np.full(trials, -1, dtype=np.int64)
remaining = np.full(trials, backlog, dtype=np.int64)
active = np.arange(trials)
t = 0
while active.size and t < max_periods:
    t += 1
    remaining[active] -= samples[rng.integers(0, samples.size, active.size)]
    finished = remaining[active] <= 0
    done_at[active[finished]] = t
    active = active[~finished]
counts = np.bincount(done_at[done_at >= 0])
cdf = np.cumsum(counts) / trials
p85 = int(np.argmax(cdf >= 0.85))
seconds = time.perf_counter() - t0
periods = int(done_at[done_at >= 0].sum()) + max_periods * int((done_at < 0).sum())
print(json.dumps({"trials": trials, "seconds": seconds, "periods": periods, "p85": p85}))
