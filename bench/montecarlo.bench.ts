/**
 * Monte Carlo "when" bench (wired into `npm run bench` by bench/run.ts; runs alone with
 * `npx tsx bench/montecarlo.bench.ts`). Beside numpy (bench/numpy_when.py, same algorithm):
 *
 *  1. the WHOLE process, A-P2 (samples 1,3,5,3,7,8,0,5,3,1,8,2; backlog 100), 2,000,000 trials:
 *     `node bin/fluxo.js compute forecast.when` (2 threads when the machine has 2 cores, and again
 *     with FLUXO_COMPUTE_THREADS=1) vs `python3 bench/numpy_when.py 2000000`; wall time from spawn
 *     to exit, median of BENCH_MC_ROUNDS (default 7) rounds, the three commands taking turns;
 *  2. simulated periods per second on one core, in-process (plain case, and with options),
 *     beside numpy's periods / its own simulation seconds.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRng, forecastWhen, planWhen, simulateWhenBlocks, type WhenInput } from "../src/domain/forecast";

type Row = [name: string, fluxo: string, peer: string, note: string];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = Number(process.env.BENCH_MC_ROUNDS ?? 7);
const TRIALS = 2_000_000;
const SAMPLES = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Runs a command, returns wall seconds (spawn → exit) and stdout; throws on failure. */
function timed(cmd: string, args: string[], env: Record<string, string> = {}): { seconds: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(" ")} failed: ${(r.stderr || r.error?.message || "").trim().split("\n").pop()}`,
    );
  return { seconds, stdout: r.stdout };
}

/** Simulated periods per second of one in-process, single-thread simulation (no summary). */
function periodsPerSecond(input: WhenInput): number {
  const plan = planWhen(input);
  let next = 0;
  const t0 = performance.now();
  const tally = simulateWhenBlocks(plan, () => next++);
  const seconds = (performance.now() - t0) / 1000;
  let periods = tally.didNotFinish * plan.maxPeriods;
  tally.counts.forEach((c, t) => (periods += c * t));
  return periods / seconds;
}

export async function benchMonteCarlo(): Promise<Row[]> {
  const rows: Row[] = [];
  const load = loadavg()[0]!.toFixed(2);
  const build = spawnSync(process.execPath, ["scripts/build-cli.mjs"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`CLI build failed: ${build.stderr}`);
  const dir = mkdtempSync(path.join(tmpdir(), "fluxo-mc-bench-"));
  const file = path.join(dir, "a-p2.json");
  writeFileSync(
    file,
    JSON.stringify({ samples: SAMPLES, backlog: 100, trials: TRIALS, seed: 1, percentiles: [50, 85, 95] }),
  );

  const cli = ["bin/fluxo.js", "compute", "forecast.when", "--input", file];
  const ours2: number[] = [];
  const ours1: number[] = [];
  const numpy: number[] = [];
  const numpyRate: number[] = [];
  let numpyNote = "";
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const order = [0, 1, 2].map((k) => (k + r) % 3); // take turns, so no command always goes first
      for (const k of order) {
        if (k === 0 || k === 1) {
          const out = timed(process.execPath, cli, k === 1 ? { FLUXO_COMPUTE_THREADS: "1" } : {});
          const p85 = (JSON.parse(out.stdout) as { percentiles: Record<string, number> }).percentiles["85"];
          if (p85 !== 30) throw new Error(`fluxo gave P85 = ${p85}, expected 30 (A-P2)`);
          (k === 0 ? ours2 : ours1).push(out.seconds);
        } else if (numpyNote === "") {
          try {
            const out = timed("python3", ["bench/numpy_when.py", String(TRIALS)]);
            const j = JSON.parse(out.stdout) as { seconds: number; periods: number; p85: number };
            if (j.p85 !== 30) throw new Error(`numpy gave P85 = ${j.p85}, expected 30`);
            numpy.push(out.seconds);
            numpyRate.push(j.periods / j.seconds);
          } catch (e) {
            numpyNote = `numpy skipped: ${(e as Error).message}`;
          }
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const threads = Math.min(2, availableParallelism());
  const f3 = (x: number) => x.toFixed(3);
  const peer = numpy.length ? f3(median(numpy)) : "n/a";
  const speedup = numpy.length ? `numpy / fluxo = ${(median(numpy) / median(ours2)).toFixed(2)}×` : numpyNote;
  rows.push([
    `fluxo compute forecast.when, A-P2, 2M trials, whole process, ${threads} thread${threads > 1 ? "s" : ""}, median of ${ROUNDS} (s)`,
    f3(median(ours2)),
    peer,
    `python3 bench/numpy_when.py 2000000 (whole process); ${speedup}; load avg ${load}`,
  ]);
  rows.push([
    `same, FLUXO_COMPUTE_THREADS=1, median of ${ROUNDS} (s)`,
    f3(median(ours1)),
    peer,
    numpy.length ? `numpy / fluxo = ${(median(numpy) / median(ours1)).toFixed(2)}×` : "",
  ]);

  // In-process, one thread: simulated periods per second (median of ROUNDS after a warm-up).
  const plain: WhenInput = { samples: SAMPLES, backlog: 100, trials: TRIALS, seed: 1, percentiles: [85] };
  const options: WhenInput = {
    ...plain,
    risks: [{ likelihood: 0.3, low: 2, mode: 5, high: 12 }],
    splitRate: [1, 1.1, 1.25],
    team: { historical: 4, current: 5 },
  };
  for (const [label, input, peerRate, note] of [
    [
      "plain (integer fast path)",
      plain,
      numpyRate.length ? (median(numpyRate) / 1e6).toFixed(1) : "n/a",
      "numpy: periods / its simulation seconds (import excluded)",
    ],
    ["risks + split + team (general path)", options, "", ""],
  ] as const) {
    periodsPerSecond(input);
    const rates = Array.from({ length: ROUNDS }, () => periodsPerSecond(input));
    rows.push([
      `Monte Carlo when, ${label}: simulated periods/s on 1 core, median of ${ROUNDS} (M)`,
      (median(rates) / 1e6).toFixed(1),
      peerRate,
      note,
    ]);
  }
  const small: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    forecastWhen({ ...plain, trials: 1000 }, { rng: createRng(1) });
    small.push(performance.now() - t0);
  }
  rows.push([
    "Monte Carlo when, 1,000 trials, median (ms)",
    median(small).toFixed(2),
    "500",
    "seed system (Flask + Celery) claim",
  ]);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await benchMonteCarlo();
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(
    `\nMonte Carlo bench — ${new Date().toISOString()} — node ${process.version}, ${availableParallelism()} cores\n`,
  );
  console.log(`${"measure".padEnd(w)}  ${"Fluxo".padStart(10)}  ${"peer".padStart(10)}  ratio   peer`);
  for (const [name, ours, peer, note] of rows) {
    const ratio = peer && Number(peer) > 0 ? (Number(ours) / Number(peer)).toFixed(2) : "";
    console.log(`${name.padEnd(w)}  ${ours.padStart(10)}  ${peer.padStart(10)}  ${ratio.padStart(5)}   ${note}`);
  }
}
