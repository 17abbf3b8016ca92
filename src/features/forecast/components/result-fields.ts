/** Small readers the forecast result views share (the results themselves are read with their output schemas). */

/** Keys that are percent levels, ascending ("50", "85"…). */
export function levelsOf(rec: Record<string, unknown> | undefined | null): string[] {
  if (!rec) return [];
  return Object.keys(rec)
    .filter((k) => Number.isFinite(Number(k)))
    .sort((a, b) => Number(a) - Number(b));
}

/** A field of a run's stored input, if it is an object. */
export function inputField(input: unknown, key: string): unknown {
  return typeof input === "object" && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)[key]
    : undefined;
}
