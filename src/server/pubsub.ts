/**
 * Cross-process messages: run progress/status (`fluxo:run:<id>`, `fluxo:runs`) and cancel requests
 * (`fluxo:cancel`). Redis pub/sub when REDIS_URL is set, else Postgres LISTEN/NOTIFY on one channel.
 * One subscriber connection per process, shared by every local subscriber (ref-counted per channel).
 * The LISTEN connection is a session of its own, so it uses DATABASE_DIRECT_URL (through a
 * transaction-mode pooler a LISTEN lands on whichever server connection ran it and hears nothing after);
 * NOTIFY is sent on DATABASE_URL (delivered at commit, so a pooler carries it).
 */
import pg from "pg";
import type { Redis } from "ioredis";
import { databaseUrlIsPooled, env, requireDatabaseUrl, requireDirectDatabaseUrl } from "@/env";
import { createRedis, redis } from "./redis";
import { logger } from "./logger";

export type Handler = (message: string) => void;

export interface PubSub {
  readonly kind: "redis" | "postgres";
  publish(channel: string, message: string): Promise<void>;
  /** Several messages in one round trip, delivered in this order (one Redis pipeline, or one NOTIFY statement). */
  publishMany(messages: readonly (readonly [channel: string, message: string])[]): Promise<void>;
  /** Resolves once the subscription is active, so nothing published afterwards is missed. */
  subscribe(channel: string, handler: Handler): Promise<() => void>;
  /**
   * `h` runs each time the subscriber connection comes back after it was lost: whatever was published
   * meanwhile never arrived, so a subscriber that must not miss anything reads it from the database.
   */
  onResync(h: () => void): () => void;
  close(): Promise<void>;
}

class Resync {
  private readonly hs = new Set<() => void>();
  add(h: () => void): () => void {
    this.hs.add(h);
    return () => void this.hs.delete(h);
  }
  emit(): void {
    for (const h of this.hs) {
      try {
        h();
      } catch (err) {
        logger.error({ err }, "pubsub resync handler threw");
      }
    }
  }
}

class Fanout {
  private readonly handlers = new Map<string, Set<Handler>>();
  add(channel: string, h: Handler): boolean {
    let set = this.handlers.get(channel);
    const isNew = !set;
    if (!set) this.handlers.set(channel, (set = new Set()));
    set.add(h);
    return isNew;
  }
  remove(channel: string, h: Handler): boolean {
    const set = this.handlers.get(channel);
    if (!set) return false;
    set.delete(h);
    if (set.size > 0) return false;
    this.handlers.delete(channel);
    return true;
  }
  emit(channel: string, message: string): void {
    for (const h of this.handlers.get(channel) ?? []) {
      try {
        h(message);
      } catch (err) {
        logger.error({ err, channel }, "pubsub handler threw");
      }
    }
  }
  get size(): number {
    return this.handlers.size;
  }
  channels(): string[] {
    return [...this.handlers.keys()];
  }
}

export class RedisPubSub implements PubSub {
  readonly kind = "redis" as const;
  private sub: Redis | undefined;
  private readonly fan = new Fanout();
  constructor(
    private readonly pub: Redis,
    private readonly url: string,
  ) {}

  private readonly resync = new Resync();

  private subscriber(): Redis {
    if (!this.sub) {
      const sub = (this.sub = createRedis(this.url, "sub"));
      sub.on("message", (channel: string, message: string) => {
        if (channel === channels.resync) this.resync.emit();
        else this.fan.emit(channel, message);
      });
      void sub.subscribe(channels.resync).catch(() => {}); // ioredis subscribes again after each reconnect
      // ioredis subscribes again by itself on reconnect; what was published in between is gone.
      let readyBefore = false;
      sub.on("ready", () => {
        if (readyBefore) {
          logger.info("pubsub: Redis subscriber back; subscribers catch up from the database");
          // channels whose SUBSCRIBE failed while Redis was away are not in ioredis's own list
          const channels = this.fan.channels();
          if (channels.length) void sub.subscribe(...channels).catch(() => {});
          this.resync.emit();
        }
        readyBefore = true;
      });
    }
    return this.sub;
  }

  onResync(h: () => void): () => void {
    return this.resync.add(h);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.pub.publish(channel, message);
  }

  async publishMany(messages: readonly (readonly [string, string])[]): Promise<void> {
    if (messages.length === 0) return;
    const p = this.pub.pipeline();
    for (const [channel, message] of messages) p.publish(channel, message);
    const res = await p.exec();
    const failed = res?.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async subscribe(channel: string, handler: Handler): Promise<() => void> {
    const sub = this.subscriber();
    // Redis away: the subscription is made again when it is back (see "ready"); meanwhile the caller
    // reads the database (a stream replays, then resyncs) instead of failing or waiting on Redis.
    if (this.fan.add(channel, handler))
      await sub.subscribe(channel).catch((err: Error) => {
        logger.warn({ err: err.message, channel }, "pubsub: subscribe failed; retried when Redis is back");
      });
    return () => {
      if (this.fan.remove(channel, handler)) void sub.unsubscribe(channel).catch(() => {});
    };
  }

  async close(): Promise<void> {
    const s = this.sub;
    this.sub = undefined;
    if (s) await s.quit().catch(() => s.disconnect());
  }
}

const PG_CHANNEL = "fluxo_events";
/** NOTIFY payloads must stay under 8000 bytes. */
const PG_MAX_PAYLOAD = 7900;

export class PostgresPubSub implements PubSub {
  readonly kind = "postgres" as const;
  private listener: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly fan = new Fanout();
  private readonly pool: pg.Pool;
  private closed = false;
  private lost = false;
  private readonly resync = new Resync();

  /**
   * `url` publishes, `listenUrl` (default `url`) listens; `named` prepares the publish statement by
   * name (not through a transaction-mode pooler).
   */
  constructor(
    url: string,
    private readonly listenUrl = url,
    private readonly named = true,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: 3 });
    this.pool.on("error", (err) => logger.warn({ err: err.message }, "pubsub pool error"));
  }

  private async connect(): Promise<pg.Client> {
    if (this.listener) return this.listener;
    this.connecting ??= (async () => {
      const c = new pg.Client({ connectionString: this.listenUrl });
      c.on("notification", (n) => {
        if (n.channel !== PG_CHANNEL || !n.payload) return;
        const i = n.payload.indexOf("\n");
        if (i > 0) this.fan.emit(n.payload.slice(0, i), n.payload.slice(i + 1));
      });
      c.on("error", (err) => {
        logger.warn({ err: err.message }, "pubsub listener lost; reconnecting");
        this.lost = true;
        this.listener = undefined;
        this.connecting = undefined;
        this.reconnect(500);
      });
      await c.connect();
      await c.query(`LISTEN ${PG_CHANNEL}`);
      this.listener = c;
      if (this.lost) {
        this.lost = false;
        logger.info("pubsub: Postgres listener back; subscribers catch up from the database");
        this.resync.emit();
      }
      return c;
    })();
    try {
      return await this.connecting;
    } catch (err) {
      this.connecting = undefined;
      throw err;
    }
  }

  /** Listen again, retrying (backoff to 5 s) while Postgres is out of reach, as long as anyone listens. */
  private reconnect(delayMs: number): void {
    if (this.closed || this.fan.size === 0) return;
    setTimeout(() => {
      this.connect().catch(() => this.reconnect(Math.min(delayMs * 2, 5000)));
    }, delayMs).unref();
  }

  onResync(h: () => void): () => void {
    return this.resync.add(h);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publishMany([[channel, message]]);
  }

  async publishMany(messages: readonly (readonly [string, string])[]): Promise<void> {
    const payloads: string[] = [];
    for (const [channel, message] of messages) {
      const payload = `${channel}\n${message}`;
      if (Buffer.byteLength(payload) > PG_MAX_PAYLOAD) {
        logger.warn({ channel, bytes: payload.length }, "pubsub message too large for NOTIFY; dropped");
        continue;
      }
      payloads.push(payload);
    }
    if (payloads.length === 0) return;
    // One statement, notifications delivered in array order.
    await this.pool.query({
      ...(this.named ? { name: "fluxo_notify_many" } : {}),
      text: "select count(pg_notify($1, p)) from unnest($2::text[]) with ordinality as x(p, n)",
      values: [PG_CHANNEL, payloads],
    });
  }

  async subscribe(channel: string, handler: Handler): Promise<() => void> {
    this.fan.add(channel, handler);
    await this.connect();
    return () => void this.fan.remove(channel, handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    const c = this.listener;
    this.listener = undefined;
    await c?.end().catch(() => {});
    await this.pool.end().catch(() => {});
  }
}

const g = globalThis as unknown as { __fluxoPubSub?: PubSub };

/** The process-wide transport: Redis when configured, else Postgres NOTIFY. */
export function pubsub(): PubSub {
  if (!g.__fluxoPubSub) {
    const r = redis();
    g.__fluxoPubSub = r
      ? new RedisPubSub(r, env().REDIS_URL!)
      : new PostgresPubSub(requireDatabaseUrl(), requireDirectDatabaseUrl(), !databaseUrlIsPooled());
  }
  return g.__fluxoPubSub;
}

export async function closePubSub(): Promise<void> {
  const p = g.__fluxoPubSub;
  g.__fluxoPubSub = undefined;
  await p?.close();
}

export const channels = {
  run: (id: string) => `fluxo:run:${id}`,
  runs: "fluxo:runs",
  cancel: "fluxo:cancel",
  /** A publisher lost live messages while its Redis connection was down: every stream re-reads the database. */
  resync: "fluxo:resync",
  /** Credentials changed (a token revoked, an account's role or password changed): web nodes drop cached ones. */
  auth: "fluxo:auth",
  snapshotKey: (id: string) => `fluxo:run:${id}:snapshot`,
} as const;
