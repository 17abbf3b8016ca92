/**
 * A Redis host that goes silent (link down, power off: no reset, the socket looks open) — found by
 * `npm run cluster -- --scenario redis-down`, where submissions hung on it. Here a TCP relay in front of
 * the real Redis stops forwarding without closing anything: commands must fail within the command
 * timeout, the watchdog must mark the connection lost, a subscription made meanwhile must not fail its
 * caller, and when the relay forwards again the subscription works and subscribers are told to resync.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis, REDIS_COMMAND_TIMEOUT_MS, redisLost } from "./redis";
import { RedisPubSub } from "./pubsub";

const REDIS_URL = process.env.REDIS_URL;

/** Forwards TCP to Redis; `silent` true drops every byte both ways, closing nothing. */
class SilentRelay {
  silent = false;
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  constructor(target: URL) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 6379), target.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("error", () => {});
        s.on("close", () => this.sockets.delete(s));
      }
      client.on("data", (d) => !this.silent && upstream.write(d));
      upstream.on("data", (d) => !this.silent && client.write(d));
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
      // a silent host accepts nothing new either: hold new connections without answering
    });
  }
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

const until = async (what: string, ms: number, ok: () => boolean) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (ok()) return;
  throw new Error(`not ${what} within ${ms} ms`);
};

describe.skipIf(!REDIS_URL)(`a silent Redis host${REDIS_URL ? "" : " — skipped: REDIS_URL is not set"}`, () => {
  const relay = new SilentRelay(new URL(REDIS_URL ?? "redis://127.0.0.1:6379"));
  beforeAll(() => relay.start());
  afterAll(() => relay.stop());

  it("fails commands within the timeout, marks the connection lost, and recovers when it answers again", async () => {
    const r = createRedis(`redis://127.0.0.1:${relay.port}`, "test-silent");
    try {
      await until("ready", 5000, () => r.status === "ready");
      expect(await r.ping()).toBe("PONG");
      relay.silent = true;
      const t0 = Date.now();
      await expect(r.incr("fluxo:test:silent")).rejects.toThrow(/timed out/i);
      expect(Date.now() - t0).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 1000);
      // the watchdog's PING goes unanswered: lost, so callers stop waiting on Redis
      await until("lost", 5000, () => redisLost(r));
      relay.silent = false;
      await until("ready again", 15_000, () => r.status === "ready");
      expect(await r.ping()).toBe("PONG");
    } finally {
      r.disconnect();
    }
  }, 30_000);

  it("a subscription made while Redis is silent does not fail its caller and works once it is back, with a resync", async () => {
    const url = `redis://127.0.0.1:${relay.port}`;
    const ps = new RedisPubSub(createRedis(url, "test-pub"), url);
    const direct = createRedis(REDIS_URL!, "test-direct");
    let resyncs = 0;
    const heard: string[] = [];
    try {
      ps.onResync(() => resyncs++);
      await ps.subscribe("fluxo:test:warmup", () => {}); // the subscriber connection is up
      relay.silent = true;
      const t0 = Date.now();
      const off = await ps.subscribe("fluxo:test:silent-sub", (m) => heard.push(m));
      expect(Date.now() - t0).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS + 1500);
      relay.silent = false;
      await until("a resync", 15_000, () => resyncs > 0);
      // subscribed again after the reconnect: a message published now arrives
      for (let i = 0; i < 50 && !heard.length; i++) {
        await direct.publish("fluxo:test:silent-sub", "after");
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(heard).toContain("after");
      off();
    } finally {
      await ps.close().catch(() => {});
      direct.disconnect();
    }
  }, 30_000);
});
