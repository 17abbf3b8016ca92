/** A batch's chunk (places a few at a time, in order, failures per policy, cancel) and its merge (order, bounds, failures named). */
import { describe, expect, it } from "vitest";
import { splitEvenly } from "@/domain/shared/chunks";
import { NonRetriableError } from "@/runs/errors";
import type { TEtoChunkInput } from "./eto-batch.schemas";
import { computeChunk, mergeChunkRows, PLACES_AT_ONCE } from "./eto-chunk";
import { computeEto, type ComputeDeps } from "./eto-compute";
import type { TEtoComputeResolved } from "./eto-compute.schemas";
import type { TEtoChunkResult } from "./eto.output";
import { summerSeries } from "./eto.fixtures";
import { WeatherSourceError } from "./sources";

const NOW = new Date("2026-11-26T12:00:00Z");
const place = (k: number): TEtoComputeResolved => ({
  location: {
    id: null,
    name: `P${k}`,
    latitude: -20 - k / 100,
    longitude: -45,
    elevation: 500 + k,
    elevationSource: "entered",
    timezone: null,
  },
  start: "2024-01-01",
  end: "2024-01-05",
  sources: ["nasa-power", "open-meteo-archive"],
  method: "fao56",
  gapMaxDays: 3,
  allowDefaultWind: false,
});

/** Sources answering after a pseudo-random delay (so places end out of order); `bad` places have no weather at all. */
function deps(o: { bad?: number[]; boom?: number; hang?: boolean } = {}) {
  let inFlight = 0;
  const seen = { maxInFlight: 0, asked: 0 };
  const d: ComputeDeps & { now: Date } = {
    now: NOW,
    today: "2026-11-26",
    lookupElevation: async () => 500,
    fetchDailyWeather: async (source, q, { signal }) => {
      const k = Math.round((-20 - q.latitude) * 100);
      seen.asked++;
      inFlight++;
      seen.maxInFlight = Math.max(seen.maxInFlight, inFlight);
      try {
        await new Promise<void>((res, rej) => {
          const onAbort = () => (clearTimeout(t), rej(signal!.reason));
          const t = setTimeout(
            () => (signal?.removeEventListener("abort", onAbort), res()),
            o.hang ? 60_000 : (k * 7) % 5,
          );
          signal?.addEventListener("abort", onAbort, { once: true });
        });
      } finally {
        inFlight--;
      }
      if (k === o.boom) throw new Error("database went away"); // not a source error: retriable
      if (o.bad?.includes(k)) throw new WeatherSourceError(source, "unavailable", "HTTP 500");
      return summerSeries(source, q.start, q.end);
    },
  };
  return { d, seen };
}
const ctx = (signal = new AbortController().signal) => {
  const fractions: number[] = [];
  const logs: string[] = [];
  return {
    fractions,
    logs,
    signal,
    progress: (f: number) => void fractions.push(f),
    log: async (m: string) => void logs.push(m),
  };
};
const chunk = (n: number, o: Partial<TEtoChunkInput> = {}): TEtoChunkInput => ({
  places: Array.from({ length: n }, (_, i) => place((o.first ?? 0) + i)),
  first: 0,
  failFast: false,
  ...o,
});

describe("computeChunk", () => {
  it("computes every place as eto.compute does, in the given order, a few at a time, progress to 1", async () => {
    const { d, seen } = deps();
    const c = ctx();
    const r = await computeChunk(chunk(10), c, d);
    expect(r.failed).toEqual([]);
    expect(r.rows.map((x) => x?.location.name)).toEqual(Array.from({ length: 10 }, (_, i) => `P${i}`));
    const alone = await computeEto(place(3), ctx(), deps().d);
    expect(r.rows[3]).toEqual(alone);
    expect(seen.maxInFlight).toBeGreaterThan(2); // places overlap …
    expect(seen.maxInFlight).toBeLessThanOrEqual(PLACES_AT_ONCE * 2); // … within the bound (2 sources each)
    expect(Math.max(...c.fractions)).toBe(1);
    expect(c.fractions.every((f) => f >= 0 && f <= 1)).toBe(true);
  });

  it("continue: a place without weather is recorded (by its batch number) and the others go on", async () => {
    const { d } = deps({ bad: [102] });
    const r = await computeChunk(chunk(4, { first: 100 }), ctx(), d);
    expect(r.rows.map((x) => x?.location.name ?? null)).toEqual(["P100", "P101", null, "P103"]);
    expect(r.failed).toHaveLength(1);
    expect(r.failed[0]).toMatchObject({ index: 102, name: "P102" });
    expect(r.failed[0]!.message).toMatch(/missing/);
  });

  it("fail-fast: the first failing place fails the chunk, naming it", async () => {
    const { d } = deps({ bad: [2] });
    await expect(computeChunk(chunk(6, { failFast: true }), ctx(), d)).rejects.toThrow(
      expect.objectContaining({ name: "NonRetriableError", message: expect.stringMatching(/^place 3 \(P2\): /) }),
    );
  });

  it("an unexpected (retriable) error stops the chunk and is thrown as is, so the run retries", async () => {
    const { d } = deps({ boom: 1 });
    const err = await computeChunk(chunk(8), ctx(), d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(NonRetriableError);
    expect((err as Error).message).toBe("database went away");
  });

  it("stops at once when the run is cancelled", async () => {
    const ac = new AbortController();
    const { d } = deps({ hang: true });
    const t0 = Date.now();
    const p = computeChunk(chunk(50), ctx(ac.signal), d);
    setTimeout(() => ac.abort("cancelled"), 20);
    await expect(p).rejects.toBe("cancelled");
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe("mergeChunkRows", () => {
  const row = (k: number) => ({ location: { name: `P${k}` } }) as unknown as NonNullable<TEtoChunkResult["rows"][0]>;
  const results = (n: number, size: number) =>
    new Map(
      splitEvenly(
        Array.from({ length: n }, (_, i) => i),
        size,
      ).map((ks, j): [number, TEtoChunkResult] => [j, { rows: ks.map(row), failed: [] }]),
    );

  it("puts the chunks' rows back in the order given (the same list as one run per place)", () => {
    const byStep = results(101, 50);
    const merged = mergeChunkRows({ chunks: 3, places: 101 }, byStep);
    expect(merged.map((r) => r.location.name)).toEqual(Array.from({ length: 101 }, (_, k) => `P${k}`));
    // the callback's own step (3) is ignored
    expect(mergeChunkRows({ chunks: 3, places: 101 }, new Map([...byStep, [3, null]]))).toHaveLength(101);
  });

  it("fails naming the places without a row: a failed place, a chunk that did not succeed", () => {
    const byStep = results(101, 50);
    byStep.set(0, {
      rows: [...byStep.get(0)!.rows.slice(0, 5), null, ...byStep.get(0)!.rows.slice(6)],
      failed: [{ index: 5, name: "P5", message: "tmaxC is missing on 2024-01-01..2024-01-05 (5 days)" }],
    });
    byStep.delete(2);
    expect(() => mergeChunkRows({ chunks: 3, places: 101 }, byStep)).toThrow(
      "34 of 101 places did not succeed: place 6 (P5): tmaxC is missing on 2024-01-01..2024-01-05 (5 days); places 69..101 (step 3) have no result: that step did not succeed",
    );
  });

  it("names at most 10 failures and counts the rest; a chunk of the wrong length counts as no result", () => {
    const byStep = new Map([[0, { rows: Array(20).fill(null), failed: [] }]]);
    expect(() => mergeChunkRows({ chunks: 1, places: 20 }, byStep)).toThrow(/^20 of 20 places .*; and 10 more$/);
    expect(() => mergeChunkRows({ chunks: 1, places: 3 }, results(2, 50))).toThrow(
      /places 1\.\.3 \(step 1\) have no result/,
    );
  });
});
