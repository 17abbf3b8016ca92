/**
 * PostgreSQL text and jsonb cannot hold the NUL character (U+0000), nor half of a UTF-16 surrogate
 * pair (JSON's "\ud800" on its own, which is no character): a string carrying one would fail deep in
 * a query as a 500. Every input is scanned at the door instead, and refused naming where it is.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (s: string) => s.includes("\u0000") || LONE_SURROGATE.test(s);

export function findNul(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (depth > 200) return null; // deeper input is refused by the schemas anyway
  if (typeof value === "string") return unstorable(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findNul(value[i], [...path, i], depth + 1);
      if (p) return p;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (unstorable(k)) return [...path, k];
      const p = findNul(v, [...path, k], depth + 1);
      if (p) return p;
    }
  }
  return null;
}

export const nulMessage = (path: (string | number)[]) =>
  `${path.length ? path.join(".") : "input"} must not contain the NUL character (U+0000) or half of a surrogate pair`;
