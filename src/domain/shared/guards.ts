/** Narrowing for values read from JSON (stored results, task inputs): a plain object, not null or an array. */
export const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);
