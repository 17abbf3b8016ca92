/**
 * A task's `complete` hook may draw at random (forecasts draw a seed when none is given), so the same
 * submission completes differently each time — and a retry with its idempotency key would look like a
 * different input. This completes `input` as `earlier` (the input the key's run was given) was: the
 * fields the hook draws at random, and the caller left out, take `earlier`'s values; every other
 * field is completed as usual, so an input that really differs still differs.
 */
import { canonicalJson } from "@/server/canonical-json";

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export function completeLike(complete: (input: unknown) => unknown, input: unknown, earlier: unknown): unknown {
  const a = complete(input);
  if (!isObject(input) || !isObject(earlier) || !isObject(a)) return a;
  const b = complete(input) as Obj;
  const drawn = Object.keys(a).filter(
    (k) => !(k in input) && k in earlier && canonicalJson(a[k]) !== canonicalJson(b[k]),
  );
  if (drawn.length === 0) return a;
  return complete({ ...input, ...Object.fromEntries(drawn.map((k) => [k, earlier[k]])) });
}
