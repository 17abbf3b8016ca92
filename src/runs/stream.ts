/**
 * Server-sent events for one run: subscribe first, then replay persisted events after
 * Last-Event-ID, then stream live; close after a terminal status. Heartbeat comments keep
 * proxies from closing an idle stream.
 */
import type { OwnerScope } from "@/accounts/viewer";
import { channels, pubsub } from "@/server/pubsub";
import { latestSnapshot, type RunMessage } from "./events";
import { findVisibleRun, listEvents, type RunEventRow } from "./run.repository";
import { isTerminal, type RunStatus } from "./status";
import { runMetrics } from "./metrics";

const enc = new TextEncoder();

/**
 * One SSE response body: `write` frames until the client leaves or `close` is called; heartbeat
 * comments keep proxies from dropping an idle stream; `onClose` runs once, however it ends.
 */
function sseStream(o: { heartbeatMs?: number; signal?: AbortSignal; onClose: () => void }) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  const end = (farewell?: string) => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    runMetrics.sseConnections.dec();
    o.onClose();
    try {
      if (farewell) controller.enqueue(enc.encode(farewell));
      controller.close();
    } catch {
      /* client already gone */
    }
  };
  /** False (and the stream ends) when the client is gone. */
  const write = (text: string): boolean => {
    if (closed) return false;
    try {
      controller.enqueue(enc.encode(text));
      return true;
    } catch {
      end();
      return false;
    }
  };
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c), cancel: () => end() });
  runMetrics.sseConnections.inc();
  const heartbeat = setInterval(() => write(": hb\n\n"), o.heartbeatMs ?? 15_000);
  heartbeat.unref?.();
  o.signal?.addEventListener("abort", () => end(), { once: true });
  return { stream, write, end, isClosed: () => closed };
}

export interface StreamOptions {
  lastEventId?: number;
  heartbeatMs?: number;
  signal?: AbortSignal;
}

function eventToMessage(runId: string, e: RunEventRow): RunMessage {
  const at = e.at.toISOString();
  const p = e.payload;
  if (e.type === "status")
    return {
      type: "status",
      runId,
      seq: e.seq,
      status: p.status as RunStatus,
      attempt: Number(p.attempt ?? 0),
      progress: Number(p.progress ?? 0),
      at,
      ...(p.error ? { error: p.error as { name: string; message: string } } : {}),
      ...(p.reason ? { reason: String(p.reason) } : {}),
    };
  if (e.type === "progress")
    return {
      type: "progress",
      runId,
      seq: e.seq,
      progress: Number(p.progress ?? 0),
      stage: (p.stage as string | null) ?? null,
      message: (p.message as string | null) ?? null,
      etaAt: (p.etaAt as string | null) ?? null,
      at,
    };
  return { type: "log", runId, seq: e.seq, level: String(p.level ?? "info"), message: String(p.message ?? ""), at };
}

function frame(m: RunMessage): string {
  const id = m.seq !== undefined ? `id: ${m.seq}\n` : "";
  return `${id}data: ${JSON.stringify(m)}\n\n`;
}

/** null when the run does not exist, or is outside `scope` (the caller answers 404 either way). */
export async function openRunStream(
  runId: string,
  o: StreamOptions & { scope: OwnerScope },
): Promise<ReadableStream<Uint8Array> | null> {
  const run = await findVisibleRun(runId, o.scope);
  if (!run) return null;

  let lastSeq = o.lastEventId ?? 0;
  let replaying = true;
  const buffered: RunMessage[] = [];
  let unsubscribe: () => void = () => {};
  const sse = sseStream({ heartbeatMs: o.heartbeatMs, signal: o.signal, onClose: () => unsubscribe() });
  const close = () => sse.end("event: end\ndata: {}\n\n");

  const write = (m: RunMessage) => {
    if (m.seq !== undefined) {
      if (m.seq <= lastSeq) return; // already sent (replay and live overlap)
      lastSeq = m.seq;
    }
    if (sse.write(frame(m)) && m.type === "status" && isTerminal(m.status)) close();
  };

  // Persisted messages go out in seq order, none missing: publishes are fire-and-forget, so one can
  // overtake another (or be lost while Redis is down). A gap is filled from the database first —
  // what carries seq N+1 was committed after N, so N is there to read.
  const deliver = async (m: RunMessage) => {
    if (m.seq !== undefined && m.seq > lastSeq + 1 && !sse.isClosed()) {
      for (const e of await listEvents(runId, lastSeq, m.seq - lastSeq - 1)) write(eventToMessage(runId, e));
    }
    write(m);
  };
  let chain: Promise<void> = Promise.resolve();
  const send = (m: RunMessage) => {
    chain = chain.then(() => deliver(m)).catch(() => {});
  };

  // 1. Subscribe before reading anything, so nothing published from now on is missed.
  unsubscribe = await pubsub().subscribe(channels.run(runId), (raw) => {
    let m: RunMessage;
    try {
      m = JSON.parse(raw) as RunMessage;
    } catch {
      return;
    }
    if (replaying) buffered.push(m);
    else send(m);
  });
  // The transport lost its connection (Redis or Postgres restarted): what was published meanwhile never
  // came, so read it from the database — else a run that ended during the outage would look live forever.
  const offResync = pubsub().onResync(() => {
    if (replaying || sse.isClosed()) return;
    chain = chain
      .then(async () => {
        for (const e of await listEvents(runId, lastSeq, 1000)) write(eventToMessage(runId, e));
      })
      .catch(() => {});
  });
  const offSub = unsubscribe;
  unsubscribe = () => {
    offSub();
    offResync();
  };
  if (sse.isClosed()) unsubscribe(); // the client left while we subscribed
  sse.write(`retry: 1000\n: run ${runId}\n\n`);

  // 2. Replay what was persisted after Last-Event-ID.
  for (let after = lastSeq; !sse.isClosed();) {
    const events = await listEvents(runId, after, 1000);
    for (const e of events) write(eventToMessage(runId, e));
    if (events.length < 1000) break;
    after = events[events.length - 1]!.seq;
  }
  // 3. The latest live snapshot (finer than the ~1 Hz persisted ones), then whatever arrived meanwhile.
  const snap = await latestSnapshot(runId);
  if (snap && snap.type === "progress" && snap.seq === undefined) write(snap);
  replaying = false;
  for (const m of buffered.splice(0)) send(m);
  return sse.stream;
}

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

/**
 * Status changes of many runs, for lists. `ownerId` limits the feed to one account's runs (absent:
 * every run, for admins); a message whose owner is unknown is never shown to a non-admin.
 */
export async function openRunsFeed(
  o: { heartbeatMs?: number; signal?: AbortSignal; ownerId?: string } = {},
): Promise<ReadableStream<Uint8Array>> {
  let unsubscribe: () => void = () => {};
  const sse = sseStream({ ...o, onClose: () => unsubscribe() });
  const visible = (raw: string): boolean => {
    if (o.ownerId === undefined) return true;
    try {
      return (JSON.parse(raw) as { ownerId?: string | null }).ownerId === o.ownerId;
    } catch {
      return false;
    }
  };
  unsubscribe = await pubsub().subscribe(channels.runs, (raw) => {
    if (visible(raw)) void sse.write(`data: ${raw}\n\n`);
  });
  if (sse.isClosed()) unsubscribe();
  sse.write("retry: 1000\n: runs\n\n");
  return sse.stream;
}
