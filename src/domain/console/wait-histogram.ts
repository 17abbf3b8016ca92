/**
 * Queue-wait histograms for the console's per-minute series. Percentiles cannot be added up across
 * processes or minutes; bucket counts can. Each process counts the waits it saw per minute in these
 * buckets, the rollup table adds the counts, and a percentile is read back by linear interpolation
 * inside the bucket it falls in (as Prometheus' histogram_quantile does): exact to the bucket's width.
 */

/** Upper bounds of the buckets, in milliseconds; a last, open bucket holds everything above. */
export const WAIT_BUCKETS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000,
] as const;

/** Number of counts in a histogram: one per bound plus the open bucket. */
export const WAIT_BUCKET_COUNT = WAIT_BUCKETS_MS.length + 1;

/** The bucket a wait of `ms` falls in (negative waits — clocks a little apart — count as 0). */
export function waitBucket(ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`wait must be a finite number of milliseconds, got ${ms}`);
  const v = Math.max(0, ms);
  for (let i = 0; i < WAIT_BUCKETS_MS.length; i++) if (v <= WAIT_BUCKETS_MS[i]!) return i;
  return WAIT_BUCKETS_MS.length;
}

/** A histogram with every count 0. */
export function emptyHistogram(): number[] {
  return new Array<number>(WAIT_BUCKET_COUNT).fill(0);
}

/** `into` += `add`, bucket by bucket (both WAIT_BUCKET_COUNT long). */
export function addHistogram(into: number[], add: readonly number[]): number[] {
  if (add.length !== into.length) throw new RangeError(`histograms differ in length: ${into.length} vs ${add.length}`);
  for (let i = 0; i < add.length; i++) into[i]! += add[i]!;
  return into;
}

/**
 * The q-quantile (0 < q < 1) of the waits counted, in milliseconds, interpolated inside its bucket;
 * null when nothing was counted. A quantile in the open bucket answers its lower bound (the most the
 * histogram can say: "more than an hour").
 */
export function histogramQuantile(counts: readonly number[], q: number): number | null {
  if (!(q > 0 && q < 1)) throw new RangeError(`quantile must be between 0 and 1 (exclusive), got ${q}`);
  if (counts.length !== WAIT_BUCKET_COUNT)
    throw new RangeError(`a wait histogram has ${WAIT_BUCKET_COUNT} counts, got ${counts.length}`);
  let total = 0;
  for (const c of counts) {
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`bucket counts must be whole numbers ≥ 0, got ${c}`);
    total += c;
  }
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0 && seen + c >= rank) {
      const lo = i === 0 ? 0 : WAIT_BUCKETS_MS[i - 1]!;
      if (i === WAIT_BUCKETS_MS.length) return lo;
      const hi = WAIT_BUCKETS_MS[i]!;
      return lo + ((hi - lo) * (rank - seen)) / c;
    }
    seen += c;
  }
  return WAIT_BUCKETS_MS[WAIT_BUCKETS_MS.length - 1]!;
}
