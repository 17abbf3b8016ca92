/**
 * Bearer tokens' accounts, cached briefly in each web process so the hot path (a script polling a run)
 * costs no token query. Bounded (LRU, TOKEN_CACHE_MAX entries, each kept at most TOKEN_CACHE_TTL_MS).
 * A revoked token, or an account whose role, profile or password changed, is dropped from every
 * node's cache at once: the change is published on `fluxo:auth` (Redis, else Postgres NOTIFY) after it
 * is written. The cache is used only while this process is subscribed; when the subscriber connection
 * comes back after a loss, everything cached is dropped (what was published meanwhile never arrived).
 * Unknown tokens are cached too (a token's hash never becomes valid later: new tokens are random).
 */
import { LRUCache } from "lru-cache";
import { channels, pubsub } from "@/server/pubsub";
import { logger } from "@/server/logger";
import type { TokenOwner } from "./token.repository";

export const TOKEN_CACHE_MAX = 10_000;
export const TOKEN_CACHE_TTL_MS = 60_000;

export interface CachedToken {
  tokenId: string;
  owner: TokenOwner;
  expiresAt: number | null;
}
type Entry = CachedToken | { tokenId: null };

export type AuthChange = { tokenId: string } | { userId: string };

const g = globalThis as unknown as {
  __fluxoTokenCache?: { lru: LRUCache<string, Entry>; live: boolean; gen: number; starting?: Promise<void> };
};

function state() {
  g.__fluxoTokenCache ??= {
    lru: new LRUCache<string, Entry>({ max: TOKEN_CACHE_MAX, ttl: TOKEN_CACHE_TTL_MS }),
    live: false,
    gen: 0,
  };
  return g.__fluxoTokenCache;
}

function drop(change: AuthChange): void {
  const s = state();
  s.gen++; // a load that started before this change must not store what it read
  const { lru } = s;
  for (const [hash, e] of lru.entries()) {
    if (!e.tokenId) continue;
    if ("tokenId" in change ? e.tokenId === change.tokenId : e.owner.id === change.userId) lru.delete(hash);
  }
}

function clear(): void {
  const s = state();
  s.gen++;
  s.lru.clear();
}

/** Subscribe once per process; until the subscription is active the cache is bypassed. */
function start(): void {
  const s = state();
  if (s.starting) return;
  s.starting = (async () => {
    const ps = pubsub();
    await ps.subscribe(channels.auth, (raw) => {
      try {
        const m = JSON.parse(raw) as Partial<{ tokenId: string; userId: string }>;
        if (typeof m.tokenId === "string") drop({ tokenId: m.tokenId });
        else if (typeof m.userId === "string") drop({ userId: m.userId });
        else clear();
      } catch {
        clear();
      }
    });
    ps.onResync(clear);
    s.live = true;
  })().catch((err: unknown) => {
    logger.warn({ err: (err as Error).message }, "token cache: cannot subscribe to auth changes; not caching");
    s.starting = undefined; // try again on a later request
  });
}

/**
 * The account behind a token hash: from the cache when this process is subscribed to changes, else
 * from `load` (and remembered). `load` answers null for unknown, revoked or expired tokens.
 */
export async function cachedTokenOwner(
  hash: string,
  load: () => Promise<CachedToken | null>,
  now = Date.now(),
): Promise<TokenOwner | null> {
  const s = state();
  if (!s.live) start();
  const hit = s.live ? s.lru.get(hash) : undefined;
  if (hit) {
    if (!hit.tokenId) return null;
    if (hit.expiresAt === null || hit.expiresAt > now) return hit.owner;
    s.lru.delete(hash);
    return null;
  }
  const gen = s.gen;
  const loaded = await load();
  if (s.live && gen === s.gen) s.lru.set(hash, loaded ?? { tokenId: null });
  return loaded && (loaded.expiresAt === null || loaded.expiresAt > now) ? loaded.owner : null;
}

/** Tell every web node that credentials changed (call after the change is committed). */
export async function publishAuthChange(change: AuthChange): Promise<void> {
  drop(change); // this process at once, whatever the transport does
  try {
    await pubsub().publish(channels.auth, JSON.stringify(change));
  } catch (err) {
    // Other nodes' caches drop the entry within TOKEN_CACHE_TTL_MS anyway.
    logger.warn({ err: (err as Error).message }, "token cache: could not publish an auth change");
  }
}
