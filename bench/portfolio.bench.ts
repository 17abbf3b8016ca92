/**
 * Portfolio metrics bench (wired into `npm run bench` by bench/run.ts; runs alone with
 * `npx tsx bench/portfolio.bench.ts`). 10 years of daily returns (2,520) × 500 assets = 1,260,000
 * returns from a seeded generator (an integer hash → Box–Muller normals; per-asset drift and volatility;
 * about 0.2 % of periods missing, as null), the same data handed to numpy through a binary file.
 *
 *  1. computeMetrics over every asset (cumulative and annual return, volatility, Sharpe, downside risk,
 *     Sortino, max drawdown with its dates, Calmar, historical VaR and CVaR, parametric VaR), one core,
 *     in-process: best (and median) of BENCH_PORTFOLIO_ROUNDS (default 7) after a warm-up; beside
 *     bench/numpy_portfolio.py computing the same metrics vectorised over the 500 × 2,520 matrix (its
 *     own best, compute only); every metric of every asset must agree within 1e-9 (relative);
 *  2. the 500 × 500 correlation matrix of the same returns (missing set to 0 here so both take the
 *     complete-series path), beside numpy's corrcoef (BLAS).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { correlationMatrix } from "../src/domain/portfolio/correlation";
import { computeMetrics, type Metrics } from "../src/domain/portfolio/metrics";
import type { Ret } from "../src/domain/portfolio/returns";

type Row = [name: string, fluxo: string, peer: string, note: string];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = Number(process.env.BENCH_PORTFOLIO_ROUNDS ?? 7);
export const N_ASSETS = 500;
export const N_DAYS = 2520; // 10 years × 252
const MISSING = 0.002;

/** Uniform [0, 1) from a 32-bit integer hash of (i, salt) (the ETo bench's hash). */
function u(i: number, salt: number): number {
  let h = (Math.imul(i, 0x9e3779b1) + Math.imul(salt, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** 500 assets × 2,520 daily returns: drift 0–20 %/y, volatility 15–60 %/y, fat-ish tails, 0.2 % missing. */
export function generatePortfolioBenchReturns(): Ret[][] {
  const out: Ret[][] = [];
  for (let a = 0; a < N_ASSETS; a++) {
    const mu = (0.2 * u(a, 1)) / 252;
    const sigma = (0.15 + 0.45 * u(a, 2)) / Math.sqrt(252);
    const r = new Array<Ret>(N_DAYS);
    for (let d = 0; d < N_DAYS; d++) {
      const i = a * N_DAYS + d;
      if (u(i, 3) < MISSING) {
        r[d] = null;
        continue;
      }
      const z = Math.sqrt(-2 * Math.log(1 - u(i, 4))) * Math.cos(2 * Math.PI * u(i, 5));
      const jump = u(i, 6) < 0.01 ? -3 * sigma * u(i, 7) : 0; // occasional drops: a skewed left tail
      r[d] = Math.max(-0.95, mu + sigma * z + jump);
    }
    out.push(r);
  }
  return out;
}

const KEYS = [
  "cumulativeReturn",
  "annualReturn",
  "annualVolatility",
  "sharpe",
  "downsideRisk",
  "sortino",
  "maxDrawdown",
  "maxDrawdownTrough",
  "calmar",
  "var",
  "cvar",
  "parametricVar",
] as const;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function benchPortfolio(): Promise<Row[]> {
  const load = loadavg()[0]!.toFixed(2);
  const data = generatePortfolioBenchReturns();
  const all = () => data.map((r) => computeMetrics(r));
  let results: Metrics[] = all(); // warm-up
  const times: number[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    const t0 = performance.now();
    results = all();
    times.push((performance.now() - t0) / 1000);
  }
  // The same through Float64Arrays (NaN = missing): unboxed input, as a service holding typed arrays has.
  const typed = data.map((r) => Float64Array.from(r, (v) => v ?? NaN));
  typed.forEach((r) => computeMetrics(r));
  const typedTimes: number[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    const t0 = performance.now();
    for (const r of typed) computeMetrics(r);
    typedTimes.push((performance.now() - t0) / 1000);
  }
  const complete = data.map((r) => r.map((v) => v ?? 0));
  correlationMatrix(complete); // warm-up
  const corrTimes: number[] = [];
  let corr: (number | null)[][] = [];
  for (let k = 0; k < Math.min(ROUNDS, 3); k++) {
    const t0 = performance.now();
    corr = correlationMatrix(complete);
    corrTimes.push((performance.now() - t0) / 1000);
  }

  // The same data for numpy: float64 little-endian, asset-major, NaN = missing.
  const dir = mkdtempSync(path.join(tmpdir(), "fluxo-portfolio-bench-"));
  const file = path.join(dir, "returns.f64");
  const buf = new Float64Array(N_ASSETS * N_DAYS);
  data.forEach((r, a) => r.forEach((v, d) => (buf[a * N_DAYS + d] = v ?? NaN)));
  writeFileSync(file, Buffer.from(buf.buffer));

  type Peer = {
    seconds: number;
    median: number;
    corrSeconds: number;
    metrics: Record<string, number[]>;
    corrProbe: number[];
  };
  let peer: Peer | null = null;
  let note = "";
  let corrNote = "";
  const py = spawnSync(
    "python3",
    ["bench/numpy_portfolio.py", file, String(N_ASSETS), String(N_DAYS), String(ROUNDS)],
    { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 },
  );
  rmSync(dir, { recursive: true, force: true });
  if (py.status === 0) {
    peer = JSON.parse(py.stdout) as Peer;
    let worst = 0;
    let worstAt = "";
    for (const key of KEYS) {
      const theirs = peer.metrics[key]!;
      for (let a = 0; a < N_ASSETS; a++) {
        const ours = results[a]![key] as number | null;
        const t = theirs[a]!;
        if (ours === null || !Number.isFinite(t)) {
          if (!(ours === null && !Number.isFinite(t)))
            throw new Error(`${key} of asset ${a}: fluxo ${ours}, numpy ${t}`);
          continue;
        }
        const rel = Math.abs(ours - t) / Math.max(Math.abs(t), 1e-12);
        if (rel > worst) {
          worst = rel;
          worstAt = `${key}[${a}]`;
        }
      }
    }
    if (worst > 1e-9)
      throw new Error(`numpy and fluxo disagree: ${worstAt} differs by ${worst.toExponential(2)} (relative)`);
    // Correlations: a probe of 1,000 entries (pairs (a, (7a + 3) mod 500) for a < 500, and (a, a + 1)).
    let corrWorst = 0;
    for (let a = 0; a < N_ASSETS; a++) {
      for (const [j, b] of [
        [2 * a, (7 * a + 3) % N_ASSETS],
        [2 * a + 1, (a + 1) % N_ASSETS],
      ] as const) {
        corrWorst = Math.max(corrWorst, Math.abs(corr[a]![b]! - peer.corrProbe[j]!));
      }
    }
    if (corrWorst > 1e-12) throw new Error(`numpy and fluxo correlations differ by ${corrWorst}`);
    note = `numpy / fluxo = ${(peer.seconds / Math.min(...times)).toFixed(2)}×; ${KEYS.length} metrics × ${N_ASSETS} assets agree (worst relative difference ${worst.toExponential(1)})`;
    corrNote = `numpy corrcoef (BLAS); 1,000 probed entries agree within ${corrWorst.toExponential(1)}`;
  } else {
    note = `numpy skipped: ${(py.stderr || py.error?.message || "").trim().split("\n").pop()}`;
    corrNote = note;
  }

  const f3 = (x: number) => x.toFixed(3);
  const n = (N_ASSETS * N_DAYS).toLocaleString("en-US");
  return [
    [
      `portfolio metrics, 10 y daily × ${N_ASSETS} assets (${n} returns), computeMetrics, 1 core, best of ${ROUNDS} (s)`,
      f3(Math.min(...times)),
      peer ? f3(peer.seconds) : "n/a",
      `python3 bench/numpy_portfolio.py (same data and conventions, vectorised, compute only); ${note}; load avg ${load}`,
    ],
    [`portfolio metrics, same, median of ${ROUNDS} (s)`, f3(median(times)), peer ? f3(peer.median) : "n/a", ""],
    [
      `portfolio metrics, same data as Float64Arrays (NaN = missing), best of ${ROUNDS} (s)`,
      f3(Math.min(...typedTimes)),
      peer ? f3(peer.seconds) : "n/a",
      "input unboxed (a list with nulls holds each number boxed)",
    ],
    [
      `portfolio correlation matrix ${N_ASSETS} × ${N_ASSETS} over ${N_DAYS.toLocaleString("en-US")} returns, best of ${Math.min(ROUNDS, 3)} (s)`,
      f3(Math.min(...corrTimes)),
      peer ? f3(peer.corrSeconds) : "n/a",
      corrNote,
    ],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await benchPortfolio();
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(
    `\nPortfolio bench — ${new Date().toISOString()} — node ${process.version}, ${availableParallelism()} cores\n`,
  );
  console.log(`${"measure".padEnd(w)}  ${"Fluxo".padStart(10)}  ${"peer".padStart(10)}  ratio   peer`);
  for (const [name, ours, peer, note] of rows) {
    const ratio = peer && Number(peer) > 0 ? (Number(ours) / Number(peer)).toFixed(2) : "";
    console.log(`${name.padEnd(w)}  ${ours.padStart(10)}  ${peer.padStart(10)}  ${ratio.padStart(5)}   ${note}`);
  }
}
