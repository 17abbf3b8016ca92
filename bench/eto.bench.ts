/**
 * FAO-56 daily ETo bench (wired into `npm run bench` by bench/run.ts; runs alone with
 * `npx tsx bench/eto.bench.ts`). 10 years (2015-01-01 … 2024-12-31, 3,653 days) × 1,000 locations
 * = 3,653,000 location-days of synthetic but realistic weather (latitudes ±60°, elevations 0–2,500 m,
 * seasonal temperatures, RHmax/RHmin, wind, Rs between 25 % and 75 % of Ra), generated from an
 * integer hash so bench/numpy_eto.py reproduces the same inputs bit for bit.
 *
 *  1. etoDailyBatch on one core, in-process: median of BENCH_ETO_ROUNDS (default 7) after a warm-up,
 *     input generation excluded; beside numpy (same equations vectorised, its own median, compute
 *     only), run in the same bench; the two mean ETo values must agree;
 *  2. location-days per second of both;
 *  3. the object API (etoDaily with all intermediates and input checks) on 100,000 days.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { etoDaily, etoDailyBatch, fao56, type EtoBatchInput } from "../src/domain/eto";

type Row = [name: string, fluxo: string, peer: string, note: string];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = Number(process.env.BENCH_ETO_ROUNDS ?? 7);
const N_LOC = 1000;
const START = Date.UTC(2015, 0, 1);
const N_DAYS = Math.round((Date.UTC(2025, 0, 1) - START) / 86_400_000); // 3,653

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Uniform [0, 1) from a 32-bit integer hash of (i, salt) (numpy_eto.py computes the same bits). */
function u(i: number, salt: number): number {
  let h = (Math.imul(i, 0x9e3779b1) + Math.imul(salt, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The synthetic 10 years × 1,000 locations. */
export function generateEtoBenchInput(): EtoBatchInput {
  const n = N_LOC * N_DAYS;
  const b: EtoBatchInput = {
    latitude: new Float64Array(N_LOC),
    elevation: new Float64Array(N_LOC),
    dayOfYear: new Int32Array(N_DAYS),
    tmaxC: new Float64Array(n),
    tminC: new Float64Array(n),
    rhmaxPct: new Float64Array(n),
    rhminPct: new Float64Array(n),
    wind2mMs: new Float64Array(n),
    rsMJm2: new Float64Array(n),
  };
  for (let d = 0; d < N_DAYS; d++) {
    const t = new Date(START + d * 86_400_000);
    b.dayOfYear[d] = Math.round((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  }
  for (let l = 0; l < N_LOC; l++) {
    const lat = -60 + 120 * u(l, 1);
    b.latitude[l] = lat;
    b.elevation[l] = 2500 * u(l, 2) ** 2;
    const tbase = 28 - 0.35 * Math.abs(lat) + 6 * (u(l, 3) - 0.5);
    const amp = 0.25 * Math.abs(lat) * (0.6 + 0.4 * u(l, 4));
    const phi = (lat * Math.PI) / 180;
    for (let d = 0; d < N_DAYS; d++) {
      const i = l * N_DAYS + d;
      const j = b.dayOfYear[d]!;
      const season = Math.cos((2 * Math.PI * (j - 200)) / 365) * Math.sign(lat);
      const tmean = tbase + amp * season + 4 * (u(i, 5) - 0.5);
      const range = 6 + 8 * u(i, 6);
      b.tmaxC[i] = tmean + range / 2;
      b.tminC[i] = tmean - range / 2;
      const rhmax = 70 + 30 * u(i, 7);
      b.rhmaxPct[i] = rhmax;
      b.rhminPct[i] = rhmax * (0.3 + 0.5 * u(i, 8));
      b.wind2mMs[i] = 0.5 + 5 * u(i, 9);
      const decl = fao56.declinationRad(j);
      const ra = fao56.raDayMJm2(phi, fao56.inverseDistance(j), decl, fao56.sunsetAngleRad(phi, decl));
      b.rsMJm2[i] = ra * (0.25 + 0.5 * u(i, 10));
    }
  }
  return b;
}

export async function benchEto(): Promise<Row[]> {
  const load = loadavg()[0]!.toFixed(2);
  const input = generateEtoBenchInput();
  const n = N_LOC * N_DAYS;
  const out = new Float64Array(n);
  etoDailyBatch(input, out); // warm-up
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    etoDailyBatch(input, out);
    times.push((performance.now() - t0) / 1000);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += out[i]!;
  const mean = sum / n;

  let peer: { seconds: number; meanEto: number; days: number } | null = null;
  let note = "";
  const py = spawnSync("python3", ["bench/numpy_eto.py", String(ROUNDS)], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (py.status === 0) {
    peer = JSON.parse(py.stdout) as { seconds: number; meanEto: number; days: number };
    if (peer.days !== n) throw new Error(`numpy computed ${peer.days} days, expected ${n}`);
    const rel = Math.abs(peer.meanEto - mean) / mean;
    if (rel > 1e-9) throw new Error(`numpy mean ETo ${peer.meanEto} differs from Fluxo's ${mean}`);
    note = `numpy / fluxo = ${(peer.seconds / median(times)).toFixed(2)}×; mean ETo ${mean.toFixed(4)} mm/d in both (rel. diff ${rel.toExponential(1)})`;
  } else {
    note = `numpy skipped: ${(py.stderr || py.error?.message || "").trim().split("\n").pop()}`;
  }

  // The object API: one etoDaily call per day (checks, all intermediates), 100,000 days.
  const SUB = 100_000;
  const objTimes: number[] = [];
  for (let r = 0; r < Math.max(3, Math.min(ROUNDS, 5)); r++) {
    const t0 = performance.now();
    for (let i = 0; i < SUB; i++) {
      const l = (i / N_DAYS) | 0;
      etoDaily({
        latitude: input.latitude[l]!,
        elevation: input.elevation[l]!,
        dayOfYear: input.dayOfYear[i % N_DAYS]!,
        tmax: input.tmaxC[i]!,
        tmin: input.tminC[i]!,
        rhmax: input.rhmaxPct[i]!,
        rhmin: input.rhminPct[i]!,
        windSpeed: input.wind2mMs[i]!,
        rs: input.rsMJm2[i]!,
      });
    }
    objTimes.push((performance.now() - t0) / 1000);
  }

  const f3 = (x: number) => x.toFixed(3);
  const days = n.toLocaleString("en-US");
  return [
    [
      `ETo FAO-56 daily, 10 y × 1,000 locations (${days} days), etoDailyBatch, 1 core, median of ${ROUNDS} (s)`,
      f3(median(times)),
      peer ? f3(peer.seconds) : "n/a",
      `python3 bench/numpy_eto.py ${ROUNDS} (same inputs and equations, compute only); ${note}; load avg ${load}`,
    ],
    [
      "ETo FAO-56 daily: location-days per second on 1 core (M)",
      (n / median(times) / 1e6).toFixed(1),
      peer ? (n / peer.seconds / 1e6).toFixed(1) : "n/a",
      "",
    ],
    [
      "ETo etoDaily object API (input checks, all intermediates), 100,000 days, median (s)",
      f3(median(objTimes)),
      "",
      "per-day calls, for scale",
    ],
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await benchEto();
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`\nETo bench — ${new Date().toISOString()} — node ${process.version}, ${availableParallelism()} cores\n`);
  console.log(`${"measure".padEnd(w)}  ${"Fluxo".padStart(10)}  ${"peer".padStart(10)}  ratio   peer`);
  for (const [name, ours, peer, note] of rows) {
    const ratio = peer && Number(peer) > 0 ? (Number(ours) / Number(peer)).toFixed(2) : "";
    console.log(`${name.padEnd(w)}  ${ours.padStart(10)}  ${peer.padStart(10)}  ${ratio.padStart(5)}   ${note}`);
  }
}
