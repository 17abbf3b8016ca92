/**
 * Efficient-frontier bench (wired into `npm run bench` by bench/run.ts; runs alone with
 * `npx tsx bench/frontier.bench.ts`). 50 assets × 5 years of daily prices (1,260 days) from a seeded
 * one-factor model (an integer hash, so the data are the same on every machine); μ = annualised
 * CAGR, Σ = annualised sample covariance; a long-only frontier of 50 points (each a QP with
 * 1ᵀw = 1, μᵀw = target, 0 ≤ w ≤ 1) by the active-set solver of src/domain/portfolio.
 *
 *  1. efficientFrontier, 50 points: best of BENCH_FRONTIER_ROUNDS (default 7) after a warm-up;
 *     beside scipy's SLSQP on the same μ, Σ and target returns (bench/scipy_frontier.py, its own best
 *     of BENCH_FRONTIER_PEER_ROUNDS, default 2), when python3 with numpy and scipy is installed
 *     (else the reason it was skipped);
 *     the largest difference in volatility between the two frontiers (ours must not be above);
 *  2. minVolatility and maxSharpe on the same data, best of N.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expectedReturnsCagr, returnsMatrixFromPrices, sampleCovariance } from "../src/domain/portfolio/estimates";
import { efficientFrontier } from "../src/domain/portfolio/frontier";
import { maxSharpe, minVolatility } from "../src/domain/portfolio/optimize";

type Row = [name: string, fluxo: string, peer: string, note: string];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = Number(process.env.BENCH_FRONTIER_ROUNDS ?? 7);
/** scipy is far slower: its best of 2 by default (BENCH_FRONTIER_PEER_ROUNDS). */
const PEER_ROUNDS = Number(process.env.BENCH_FRONTIER_PEER_ROUNDS ?? 2);
const N_ASSETS = 50;
const N_DAYS = 1260;
const POINTS = 50;

/** Uniform (0, 1) from a 32-bit integer hash of (i, salt). */
function u(i: number, salt: number): number {
  let h = (Math.imul(i, 0x9e3779b1) + Math.imul(salt, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b) >>> 0;
  h ^= h >>> 16;
  return ((h >>> 0) + 0.5) / 4294967296;
}
const normal = (i: number, salt: number) =>
  Math.sqrt(-2 * Math.log(u(i, salt))) * Math.cos(2 * Math.PI * u(i, salt + 1));

/** 50 assets of daily prices: r = α + β·market + ε, β 0.3–1.5, idiosyncratic vol 0.8–3 % a day. */
export function generateFrontierBenchPrices(): number[][] {
  const market = Array.from({ length: N_DAYS }, (_, d) => 0.0003 + 0.01 * normal(d, 11));
  return Array.from({ length: N_ASSETS }, (_, a) => {
    const alpha = 0.0006 * (u(a, 21) - 0.4);
    const beta = 0.3 + 1.2 * u(a, 22);
    const idio = 0.008 + 0.022 * u(a, 23);
    const p = [50 + 50 * u(a, 24)];
    for (let d = 0; d < N_DAYS; d++)
      p.push(p[d]! * (1 + alpha + beta * market[d]! + idio * normal(a * N_DAYS + d, 31)));
    return p;
  });
}

function best(f: () => void, rounds: number): number {
  f(); // warm-up
  let b = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    f();
    b = Math.min(b, (performance.now() - t0) / 1000);
  }
  return b;
}

export async function benchFrontier(): Promise<Row[]> {
  const load = loadavg()[0]!.toFixed(2);
  const prices = generateFrontierBenchPrices();
  const mu = expectedReturnsCagr(prices, 252);
  const cov = sampleCovariance(returnsMatrixFromPrices(prices), 252);
  let frontier = efficientFrontier(mu, cov, { points: POINTS });
  const seconds = best(() => void (frontier = efficientFrontier(mu, cov, { points: POINTS })), ROUNDS);
  const mvSeconds = best(() => void minVolatility(cov, { mu }), ROUNDS);
  const msSeconds = best(() => void maxSharpe(mu, cov, { riskFree: 0.02 }), ROUNDS);
  const nonZero = (w: number[]) => w.filter((v) => v > 1e-9).length;

  let peer: { seconds: number; vols: number[]; ok: boolean } | null = null;
  let note: string;
  const py = spawnSync("python3", ["bench/scipy_frontier.py"], {
    cwd: root,
    encoding: "utf8",
    input: JSON.stringify({ mu, cov, targets: frontier.map((p) => p.expectedReturn), rounds: PEER_ROUNDS }),
    maxBuffer: 1 << 22,
  });
  if (py.status === 0) {
    peer = JSON.parse(py.stdout) as { seconds: number; vols: number[]; ok: boolean };
    let worse = 0; // how far ours is above scipy's (should be ≤ rounding)
    let better = 0; // how far scipy's is above ours
    frontier.forEach((p, i) => {
      const d = p.volatility - peer!.vols[i]!;
      worse = Math.max(worse, d);
      better = Math.max(better, -d);
    });
    note =
      `python3 bench/scipy_frontier.py (SLSQP, same μ, Σ, targets; best of ${PEER_ROUNDS}${peer.ok ? "" : "; some SLSQP runs not converged"}); ` +
      `scipy / fluxo = ${(peer.seconds / seconds).toFixed(1)}×; vol: ours above scipy by at most ${worse.toExponential(1)}, below by up to ${better.toExponential(1)}`;
  } else {
    note = `scipy skipped: ${(py.stderr || py.error?.message || "").trim().split("\n").pop()}`;
  }
  const f3 = (x: number) => x.toFixed(3);
  const ms = (x: number) => (x * 1000).toFixed(2);
  return [
    [
      `efficient frontier, ${N_ASSETS} assets × ${POINTS} points, long-only, 1 core, best of ${ROUNDS} (s)`,
      f3(seconds),
      peer ? f3(peer.seconds) : "n/a",
      `${note}; load avg ${load}`,
    ],
    [
      `min volatility, ${N_ASSETS} assets, long-only, best of ${ROUNDS} (ms)`,
      ms(mvSeconds),
      "",
      `${nonZero(frontier[0]!.weights)} assets held; vol ${(frontier[0]!.volatility * 100).toFixed(2)} %`,
    ],
    [`max Sharpe, ${N_ASSETS} assets, long-only (convex transform), best of ${ROUNDS} (ms)`, ms(msSeconds), "", ""],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await benchFrontier();
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(
    `\nFrontier bench — ${new Date().toISOString()} — node ${process.version}, ${availableParallelism()} cores\n`,
  );
  console.log(`${"measure".padEnd(w)}  ${"Fluxo".padStart(10)}  ${"peer".padStart(10)}  ratio   peer`);
  for (const [name, ours, peer, note] of rows) {
    const ratio = peer && Number(peer) > 0 ? (Number(ours) / Number(peer)).toFixed(2) : "";
    console.log(`${name.padEnd(w)}  ${ours.padStart(10)}  ${peer.padStart(10)}  ${ratio.padStart(5)}   ${note}`);
  }
}
