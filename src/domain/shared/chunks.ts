/**
 * A long list as consecutive slices of near-equal size (a batch's chunk runs): ⌈n / maxSize⌉
 * slices, the first n mod k of them one item longer, every item once, in the given order.
 * 101 items at most 50 a slice → 34, 34, 33 (not 50, 50, 1).
 */
export function splitEvenly<T>(items: readonly T[], maxSize: number): T[][] {
  if (!Number.isInteger(maxSize) || maxSize < 1)
    throw new RangeError(`maxSize must be a whole number ≥ 1, not ${maxSize}`);
  const out: T[][] = [];
  let at = 0;
  for (const size of sliceSizes(items.length, Math.ceil(items.length / maxSize))) {
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}

/** The sizes splitEvenly gives n items cut into k slices (so a slice's place is known from n and k alone). */
export function sliceSizes(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, j) => Math.floor(n / k) + (j < n % k ? 1 : 0));
}
