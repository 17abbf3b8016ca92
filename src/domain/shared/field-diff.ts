/**
 * A field-by-field comparison of two or more values (run inputs, results): every leaf path that any
 * of them has, with each value at that path and whether they differ. Arrays of scalars are one leaf
 * (a throughput series is compared as a whole); arrays of objects are walked by index; a missing
 * field is `undefined`. Pure; used by "Edit and rerun" (what you changed) and run comparison.
 */
export type FieldDiff = { path: string; values: unknown[]; changed: boolean };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isLeafArray = (v: unknown[]) => v.every((x) => x === null || typeof x !== "object");

/** Equality of JSON-like values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!sameValue(a[k], b[k])) return false;
    return true;
  }
  return false;
}

function walk(values: unknown[], path: string, out: FieldDiff[], depth: number): void {
  const objects = values.every((v) => v === undefined || isPlainObject(v)) && values.some(isPlainObject);
  const arrays =
    values.every((v) => v === undefined || Array.isArray(v)) &&
    values.some((v) => Array.isArray(v) && v.length > 0 && !isLeafArray(v));
  if (depth < 8 && objects) {
    const keys = [...new Set(values.flatMap((v) => (isPlainObject(v) ? Object.keys(v) : [])))].sort();
    for (const k of keys)
      walk(
        values.map((v) => (isPlainObject(v) ? v[k] : undefined)),
        path ? `${path}.${k}` : k,
        out,
        depth + 1,
      );
    return;
  }
  if (depth < 8 && arrays) {
    const n = Math.max(...values.map((v) => (Array.isArray(v) ? v.length : 0)));
    for (let i = 0; i < n; i++)
      walk(
        values.map((v) => (Array.isArray(v) ? v[i] : undefined)),
        `${path}[${i}]`,
        out,
        depth + 1,
      );
    return;
  }
  out.push({ path, values, changed: values.some((v) => !sameValue(v, values[0])) });
}

/** Every leaf field of `values` (2 or more), in path order, each flagged `changed` when not all equal. */
export function diffFields(values: unknown[]): FieldDiff[] {
  if (values.length < 2) throw new RangeError("diffFields needs at least 2 values");
  const out: FieldDiff[] = [];
  walk(values, "", out, 0);
  return out;
}

/** Only the fields that differ. */
export const changedFields = (values: unknown[]): FieldDiff[] => diffFields(values).filter((d) => d.changed);
