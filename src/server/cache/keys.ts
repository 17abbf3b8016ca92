/** Cache keys: namespace validation and hashing of canonical JSON inputs. */
import { createHash } from "node:crypto";
import { canonicalJson } from "@/server/canonical-json";
import { CacheNamespaceError, CacheValueError } from "./types";

const NS = /^[a-z0-9][a-z0-9:._-]{0,63}$/;
/** Hex characters of a key hash (128 bits). */
export const HASH_LENGTH = 32;

export function assertNamespace(ns: string): void {
  if (typeof ns !== "string" || !NS.test(ns)) {
    throw new CacheNamespaceError(
      `invalid cache namespace ${JSON.stringify(ns)}: use 1-64 of a-z 0-9 : . _ - (starting with a letter or digit)`,
    );
  }
}

/** A stable hash of any JSON-able key: equal inputs (whatever their key order) hash equally. */
export function hashKey(key: unknown): string {
  let text: string;
  try {
    text = canonicalJson(key);
  } catch (err) {
    throw new CacheValueError(`cache key is not JSON-serialisable: ${(err as Error).message}`);
  }
  return createHash("sha256").update(text).digest("hex").slice(0, HASH_LENGTH);
}

/** Redis key of a value: fluxo:cache:<ns>:<hash>. */
export const valueKey = (ns: string, hash: string) => `fluxo:cache:${ns}:${hash}`;
/** Redis key of the cross-process compute lock (outside fluxo:cache: so clear never meets it). */
export const lockKey = (ns: string, hash: string) => `fluxo:cache-lock:${ns}:${hash}`;
/**
 * SCAN pattern of one namespace's values. The hash is matched by length, so namespace "a" never
 * matches "a:b"'s keys; the allowed namespace characters are not glob metacharacters.
 */
export const namespacePattern = (ns: string) => `fluxo:cache:${ns}:${"?".repeat(HASH_LENGTH)}`;
/** L1 key (namespace kept readable for clear/stats). */
export const l1Key = (ns: string, hash: string) => `${ns}\u0000${hash}`;
export const l1Namespace = (k: string) => k.slice(0, k.indexOf("\u0000"));
