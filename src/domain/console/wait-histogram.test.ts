import { describe, expect, it } from "vitest";
import {
  addHistogram,
  emptyHistogram,
  histogramQuantile,
  WAIT_BUCKET_COUNT,
  WAIT_BUCKETS_MS,
  waitBucket,
} from "./wait-histogram";

function histogramOf(waits: number[]): number[] {
  const h = emptyHistogram();
  for (const w of waits) h[waitBucket(w)]! += 1;
  return h;
}

describe("wait histogram", () => {
  it("puts a wait in the first bucket whose bound holds it (bounds inclusive)", () => {
    expect(waitBucket(0)).toBe(0);
    expect(waitBucket(-3)).toBe(0);
    expect(waitBucket(5)).toBe(0);
    expect(waitBucket(5.01)).toBe(1);
    expect(waitBucket(1_000)).toBe(WAIT_BUCKETS_MS.indexOf(1_000));
    expect(waitBucket(3_600_001)).toBe(WAIT_BUCKET_COUNT - 1);
    expect(() => waitBucket(Number.NaN)).toThrow(/finite/);
  });

  it("reads no quantile from an empty histogram", () => {
    expect(histogramQuantile(emptyHistogram(), 0.5)).toBeNull();
  });

  it("interpolates inside the bucket: 100 waits spread evenly over 100–250 ms", () => {
    const h = histogramOf(Array.from({ length: 100 }, (_, i) => 101 + i * 1.49));
    expect(h[WAIT_BUCKETS_MS.indexOf(250)]).toBe(100);
    expect(histogramQuantile(h, 0.5)).toBeCloseTo(175, 6);
    expect(histogramQuantile(h, 0.95)).toBeCloseTo(242.5, 6);
  });

  it("lands within the true quantile's bucket for a skewed sample", () => {
    // 90 fast waits (~20 ms) and 10 slow ones (~4 s): p50 is in 10–25 ms, p95 in 2.5–5 s.
    const waits = [...Array.from({ length: 90 }, () => 20), ...Array.from({ length: 10 }, () => 4_000)];
    const h = histogramOf(waits);
    const p50 = histogramQuantile(h, 0.5)!;
    const p95 = histogramQuantile(h, 0.95)!;
    expect(p50).toBeGreaterThan(10);
    expect(p50).toBeLessThanOrEqual(25);
    expect(p95).toBeGreaterThan(2_500);
    expect(p95).toBeLessThanOrEqual(5_000);
  });

  it("answers the open bucket's lower bound for waits beyond the last bound", () => {
    const h = histogramOf([7_200_000, 7_200_000]);
    expect(histogramQuantile(h, 0.5)).toBe(3_600_000);
  });

  it("adds histograms bucket by bucket, as the rollup table does across processes", () => {
    const a = histogramOf([1, 20, 20]);
    const b = histogramOf([20, 4_000]);
    const sum = addHistogram(emptyHistogram(), a);
    addHistogram(sum, b);
    expect(sum).toEqual(histogramOf([1, 20, 20, 20, 4_000]));
    expect(() => addHistogram(sum, [1, 2])).toThrow(/length/);
  });

  it("refuses a quantile outside (0, 1) and malformed counts", () => {
    expect(() => histogramQuantile(emptyHistogram(), 0)).toThrow(/between 0 and 1/);
    expect(() => histogramQuantile(emptyHistogram(), 1)).toThrow(/between 0 and 1/);
    expect(() => histogramQuantile([1, 2], 0.5)).toThrow(/counts/);
    const bad = emptyHistogram();
    bad[0] = -1;
    expect(() => histogramQuantile(bad, 0.5)).toThrow(/whole numbers/);
  });
});
