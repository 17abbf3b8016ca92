/**
 * Measurement, not a check (skipped unless FLUXO_MEASURE_PRECISION=1): for the reference forecast —
 * the README's and the bench's A-P2, 12 weeks of throughput, backlog 100, weekly periods — the trials
 * a precision stop uses ("P85 known to ±1 day") against fixed trial counts (the default 10,000 and the
 * bench's 2,000,000), each through the real engine as a worker runs it: the forecast.when kernel in
 * kernel threads (a fixed run of 500,000+ trials on two threads; a precision run on one; a fresh
 * thread's start included), and the engine alone in this thread. Prints the median wall times of
 * FLUXO_MEASURE_ROUNDS (default 5) rounds per case.
 *
 *   FLUXO_MEASURE_PRECISION=1 npx vitest run --project unit src/features/forecast/forecast-precision.measure.test.ts
 */
import { afterAll, describe, expect, it } from "vitest";
import { createRng, forecastWhen, type WhenInput, type WhenResult } from "@/domain/forecast";
import { closeKernelThreads, runKernel } from "@/server/threads/pool";

const BASE: WhenInput = {
  samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
  backlog: 100,
  trials: 10_000,
  seed: 2026,
  percentiles: [50, 70, 85, 95],
  startDate: "2026-01-05",
  periodDays: 7,
};
const PRECISION = { percentile: 85, within: 1, unit: "days" as const };
const ROUNDS = Number(process.env.FLUXO_MEASURE_ROUNDS ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall time through the kernel threads (thread start included), and of the engine alone in this thread. */
async function timed(input: WhenInput): Promise<{ ms: number; engineMs: number; r: WhenResult }> {
  const times: number[] = [];
  const engine: number[] = [];
  let r: WhenResult | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    let t0 = performance.now();
    r = await runKernel("forecast.when", input, {});
    times.push(performance.now() - t0);
    t0 = performance.now();
    forecastWhen(input, { rng: createRng(input.seed) });
    engine.push(performance.now() - t0);
  }
  return { ms: median(times), engineMs: median(engine), r: r! };
}

describe.skipIf(process.env.FLUXO_MEASURE_PRECISION !== "1")("precision stop vs fixed trials (measurement)", () => {
  afterAll(() => closeKernelThreads());

  it("prints trials and wall time of each", { timeout: 600_000 }, async () => {
    const cases: [string, WhenInput][] = [
      ["fixed, default 10,000 trials (+ P85 ±1 day asked)", { ...BASE, precision: PRECISION }],
      ["fixed, 2,000,000 trials", { ...BASE, trials: 2_000_000 }],
      ["precision P85 ±1 day, at most 2,000,000 trials", { ...BASE, trials: 2_000_000, precision: PRECISION }],
      ["fixed, 10,000,000 trials", { ...BASE, trials: 10_000_000 }],
      ["precision P85 ±1 day, at most 10,000,000 trials", { ...BASE, trials: 10_000_000, precision: PRECISION }],
    ];
    await runKernel("forecast.when", BASE, {}); // warm: the first kernel thread's start is not the forecast's
    const rows: string[] = [];
    for (const [name, input] of cases) {
      const { ms, engineMs, r } = await timed(input);
      rows.push(
        `${name}: trials ${r.stoppedAt.trials.toLocaleString("en-US")} (${r.stoppedAt.reason}` +
          `${r.stoppedAt.precision ? `, P85 ±${r.stoppedAt.precision.halfWidth} days` : ""}), P85 ${r.percentiles["85"]} weeks` +
          ` (${r.dates?.["85"]}); median of ${ROUNDS}: kernel thread(s) ${ms.toFixed(0)} ms,` +
          ` engine alone on one thread ${engineMs.toFixed(0)} ms`,
      );
      expect(r.percentiles["85"]).toBe(30);
    }
    console.log(rows.join("\n"));
  });
});
