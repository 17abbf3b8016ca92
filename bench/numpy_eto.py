"""Peer: FAO-56 daily ETo (Eq. 6; RHmax/RHmin humidity, measured Rs, u2 given) over 10 years x
1,000 locations, vectorised numpy, on the same synthetic inputs as bench/eto.bench.ts (the same
integer hash, reproduced exactly with uint64 arithmetic).
Usage: python3 bench/numpy_eto.py ROUNDS
  -> prints JSON {days, seconds, meanEto, rounds}: `seconds` is the median of ROUNDS timed
     computations after one warm-up (input generation and the numpy import excluded)."""
import json, sys, time
import numpy as np

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
N_LOC = 1000
START = np.datetime64("2015-01-01")
N_DAYS = int((np.datetime64("2025-01-01") - START).astype(int))  # 3653
M32 = np.uint64(0xFFFFFFFF)


def u(i, salt):
    """Uniform [0, 1) from a 32-bit integer hash of (i, salt): same bits as the TypeScript bench."""
    i = np.asarray(i, dtype=np.uint64)
    h = (i * np.uint64(0x9E3779B1) + np.uint64((salt * 0x85EBCA77) & 0xFFFFFFFF)) & M32
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x45D9F3B)) & M32
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x45D9F3B)) & M32
    h ^= h >> np.uint64(16)
    return h.astype(np.float64) / 4294967296.0


def ra_day(phi, j):
    dr = 1 + 0.033 * np.cos(2 * np.pi / 365 * j)
    decl = 0.409 * np.sin(2 * np.pi / 365 * j - 1.39)
    ws = np.arccos(np.clip(-np.tan(phi) * np.tan(decl), -1, 1))
    ra = 24 * 60 / np.pi * 0.082 * dr * (ws * np.sin(phi) * np.sin(decl) + np.cos(phi) * np.cos(decl) * np.sin(ws))
    return np.maximum(ra, 0)


def generate():
    loc = np.arange(N_LOC)
    lat = -60 + 120 * u(loc, 1)
    elev = 2500 * u(loc, 2) ** 2
    tbase = 28 - 0.35 * np.abs(lat) + 6 * (u(loc, 3) - 0.5)
    amp = 0.25 * np.abs(lat) * (0.6 + 0.4 * u(loc, 4))
    dates = START + np.arange(N_DAYS)
    doy = (dates - dates.astype("datetime64[Y]")).astype(np.int64) + 1
    i = np.arange(N_LOC * N_DAYS).reshape(N_LOC, N_DAYS)
    season = np.cos(2 * np.pi * (doy[None, :] - 200) / 365) * np.sign(lat)[:, None]
    tmean = tbase[:, None] + amp[:, None] * season + 4 * (u(i, 5) - 0.5)
    rng = 6 + 8 * u(i, 6)
    tmax = tmean + rng / 2
    tmin = tmean - rng / 2
    rhmax = 70 + 30 * u(i, 7)
    rhmin = rhmax * (0.3 + 0.5 * u(i, 8))
    u2 = 0.5 + 5 * u(i, 9)
    rs = ra_day(np.radians(lat)[:, None], doy[None, :]) * (0.25 + 0.5 * u(i, 10))
    return lat, elev, doy, tmax, tmin, rhmax, rhmin, u2, rs


def e0(t):
    return 0.6108 * np.exp(17.27 * t / (t + 237.3))


def eto_daily(lat, elev, doy, tmax, tmin, rhmax, rhmin, u2, rs):
    p = 101.3 * ((293 - 0.0065 * elev) / 293) ** 5.26
    gamma = (0.000665 * p)[:, None]
    tmean = (tmax + tmin) / 2
    e0max, e0min = e0(tmax), e0(tmin)
    es = (e0max + e0min) / 2
    ea = (e0min * rhmax / 100 + e0max * rhmin / 100) / 2
    delta = 4098 * e0(tmean) / (tmean + 237.3) ** 2
    ra = ra_day(np.radians(lat)[:, None], doy[None, :])
    rso = (0.75 + 2e-5 * elev)[:, None] * ra
    ratio = np.where(rso > 0, np.clip(rs / np.where(rso > 0, rso, 1), 0.3, 1.0), 0.8)
    tk4 = ((tmax + 273.16) ** 4 + (tmin + 273.16) ** 4) / 2
    rnl = 4.903e-9 * tk4 * (0.34 - 0.14 * np.sqrt(ea)) * (1.35 * ratio - 0.35)
    rn = 0.77 * rs - rnl
    return (0.408 * delta * rn + gamma * 900 / (tmean + 273) * u2 * (es - ea)) / (delta + gamma * (1 + 0.34 * u2))


data = generate()
eto = eto_daily(*data)  # warm-up
times = []
for _ in range(ROUNDS):
    t0 = time.perf_counter()
    eto = eto_daily(*data)
    times.append(time.perf_counter() - t0)
print(json.dumps({"days": int(eto.size), "seconds": float(np.median(times)), "meanEto": float(eto.mean()), "rounds": ROUNDS}))
