/**
 * Values as JSON: refused when not plain JSON or over the size limit, parsed back without
 * `__proto__` / `constructor.prototype` keys so a poisoned payload cannot reach Object.prototype.
 */
import { CacheValueError, CacheValueTooLargeError } from "./types";

/** A stored entry: the value's JSON and its absolute expiry times (ms). */
export interface Entry {
  json: string;
  /** Fresh until this time. */
  expiresAt: number;
  /** May be served stale (while refreshing) until this time; = expiresAt without swr. */
  staleUntil: number;
}

function refuseNonJson(this: unknown, key: string, v: unknown): unknown {
  const t = typeof v;
  if (t === "function" || t === "symbol" || t === "bigint") {
    throw new CacheValueError(`cache values must be JSON: ${key ? `"${key}" is` : "the value is"} a ${t}`);
  }
  return v;
}

/** Serialise a value; throws CacheValueError (not JSON) or CacheValueTooLargeError (over maxBytes). */
export function encodeValue(ns: string, value: unknown, maxBytes: number): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value, refuseNonJson);
  } catch (err) {
    if (err instanceof CacheValueError) throw new CacheValueError(`${err.message} (namespace "${ns}")`);
    throw new CacheValueError(`cache value for namespace "${ns}" is not JSON: ${(err as Error).message}`);
  }
  if (json === undefined) throw new CacheValueError(`cache value for namespace "${ns}" is not JSON (undefined)`);
  // A UTF-8 byte is at most 3 per UTF-16 unit: count exactly only when that bound could exceed the limit.
  const bytes = json.length * 3 <= maxBytes ? json.length : Buffer.byteLength(json);
  if (bytes > maxBytes) throw new CacheValueTooLargeError(ns, bytes, maxBytes);
  return json;
}

function dropPrototypeKeys(key: string, v: unknown): unknown {
  if (key === "__proto__") return undefined;
  if (key === "constructor" && v !== null && typeof v === "object" && "prototype" in v) return undefined;
  return v;
}

/** Parse a value's JSON safely. Throws SyntaxError on corrupt input. */
export function decodeValue<T>(json: string): T {
  // Fast path: no suspicious key anywhere (nor a \u escape that could spell one) → no reviver walk.
  if (!json.includes("\\u") && !json.includes("__proto__") && !json.includes("constructor"))
    return JSON.parse(json) as T;
  return JSON.parse(json, dropPrototypeKeys) as T;
}

/** L2 payload: expiry metadata first, then the value, so fill-back keeps the remaining TTL. */
export function encodeEntry(e: Entry): string {
  return `${e.expiresAt}:${e.staleUntil}:${e.json}`;
}

/** Parse an L2 payload; undefined when it is not one of ours. */
export function decodeEntry(payload: string): Entry | undefined {
  const a = payload.indexOf(":");
  const b = a < 0 ? -1 : payload.indexOf(":", a + 1);
  if (b < 0) return undefined;
  const expiresAt = Number(payload.slice(0, a));
  const staleUntil = Number(payload.slice(a + 1, b));
  if (!Number.isFinite(expiresAt) || !Number.isFinite(staleUntil)) return undefined;
  return { expiresAt, staleUntil, json: payload.slice(b + 1) };
}
