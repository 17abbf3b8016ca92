/**
 * Streams that cost little: one live message reaches every follower as the very same bytes (framed
 * once per process), a reader that keeps up gets everything, and a reader that stops reading is
 * dropped once SSE_MAX_BUFFERED_BYTES are waiting — its stream errors instead of buffering without
 * bound — while the others carry on. Real pub/sub (Redis with REDIS_URL, else Postgres NOTIFY).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/http-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness("fluxo_test_stream");
});
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SSE fan-out", () => {
  it("writes the same bytes to every follower, keeps a reader that keeps up, drops one that does not", async () => {
    const { openRunsFeed, SSE_MAX_BUFFERED_BYTES } = await import("./stream");
    const { pubsub, channels } = await import("@/server/pubsub");
    const { runMetrics } = await import("./metrics");
    const droppedBefore = (await runMetrics.sseDropped.get()).values[0]?.value ?? 0;

    const fast1 = await openRunsFeed({});
    const fast2 = await openRunsFeed({});
    const slow = await openRunsFeed({});
    const r1 = fast1.getReader();
    const r2 = fast2.getReader();
    const got1: Uint8Array[] = [];
    const got2: Uint8Array[] = [];
    const drain = async (r: ReadableStreamDefaultReader<Uint8Array>, into: Uint8Array[]) => {
      for (;;) {
        const { done, value } = await r.read();
        if (done) return;
        into.push(value);
      }
    };
    void drain(r1, got1).catch(() => {});
    void drain(r2, got2).catch(() => {});

    // 3 KB messages (Postgres NOTIFY carries at most 8,000 bytes); the slow reader never reads. Well past its limit in total.
    const n = Math.ceil((SSE_MAX_BUFFERED_BYTES * 2) / 3000);
    const pad = "x".repeat(3000);
    for (let i = 0; i < n; i++) {
      await pubsub().publish(channels.runs, JSON.stringify({ runId: `r${i}`, status: "running", ownerId: null, pad }));
      if (i % 10 === 9) await sleep(10);
    }
    const text = (chunks: Uint8Array[]) => chunks.map((c) => Buffer.from(c).toString()).join("");
    for (let i = 0; i < 100 && !text(got1).includes(`"r${n - 1}"`); i++) await sleep(50);

    // Everything reached the readers that kept up, in order …
    for (const got of [got1, got2]) {
      const ids = [...text(got).matchAll(/"runId":"r(\d+)"/g)].map((m) => Number(m[1]));
      expect(ids).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    // … as the very same bytes for each of them (framed once, not once per client).
    const frames1 = got1.filter((c) => c.byteLength > 3000);
    const frames2 = got2.filter((c) => c.byteLength > 3000);
    expect(frames1.length).toBe(n);
    for (let i = 0; i < n; i++) expect(frames1[i]).toBe(frames2[i]);

    // The slow one was dropped: its stream errors (the server then frees the connection).
    const rs = slow.getReader();
    await expect(
      (async () => {
        for (;;) if ((await rs.read()).done) return "ended";
      })(),
    ).rejects.toThrow(/slow client/);
    const droppedAfter = (await runMetrics.sseDropped.get()).values[0]?.value ?? 0;
    expect(droppedAfter - droppedBefore).toBe(1);
    await r1.cancel();
    await r2.cancel();
  });
});
