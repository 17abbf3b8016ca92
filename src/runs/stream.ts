/**
 * Server-sent events for one run: subscribe first, then replay persisted events after
 * Last-Event-ID, then stream live; close after a terminal status. Heartbeat comments keep
 * proxies from closing an idle stream.
 */
import type { OwnerScope } from "@/accounts/viewer";
import { channels, pubsub } from "@/server/pubsub";
import { latestSnapshot, type RunMessage } from "./events";
import { findVisibleRun, type RunEventRow } from "./run.repository";
import { listEvents } from "./run-events.repository";
import { isTerminal, type RunStatus } from "./status";
import { runMetrics } from "./metrics";

const enc = new TextEncoder();
const HEARTBEAT = enc.encode(": hb\n\n");

/**
 * Bytes a client may have waiting (unsent) before it is dropped: a slow reader is closed, not
 * buffered without bound, and its EventSource reconnects with Last-Event-ID to resume. 256 KiB is
 * minutes of a run's messages.
 */
export const SSE_MAX_BUFFERED_BYTES = 256 * 1024;

interface SseWriter {
  writeBytes(b: Uint8Array): boolean;
}

/** One timer per heartbeat interval for every stream of the process, writing the same bytes to each. */
const heartbeats = new Map<number, { timer: NodeJS.Timeout; streams: Set<SseWriter> }>();
function joinHeartbeat(ms: number, w: SseWriter): () => void {
  let hb = heartbeats.get(ms);
  if (!hb) {
    const streams = new Set<SseWriter>();
    const timer = setInterval(() => {
      for (const s of streams) s.writeBytes(HEARTBEAT);
    }, ms);
    timer.unref?.();
    heartbeats.set(ms, (hb = { timer, streams }));
  }
  hb.streams.add(w);
  return () => {
    const cur = heartbeats.get(ms);
    if (!cur) return;
    cur.streams.delete(w);
    if (cur.streams.size === 0) {
      clearInterval(cur.timer);
      heartbeats.delete(ms);
    }
  };
}

/**
 * Where a stream's bytes go: a web ReadableStream (route handlers, tests) or a Node response written
 * directly (the edge: no promise or chunk object per frame per client).
 */
export interface SseSink {
  /** False when the client is gone. */
  write(b: Uint8Array): boolean;
  /** Bytes accepted but not yet handed to the client's socket. */
  buffered(): number;
  end(): void;
  /** Cut the connection at once (a client that reads too slowly). */
  abort(reason: Error): void;
  /** Runs once when the client goes away (not when we end it). */
  onGone(cb: () => void): void;
}

/** A sink over a web ReadableStream whose queue is counted in bytes. */
export function webStreamSink(): { sink: SseSink; stream: ReadableStream<Uint8Array> } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let gone = () => {};
  const stream = new ReadableStream<Uint8Array>(
    { start: (c) => void (controller = c), cancel: () => gone() },
    { highWaterMark: SSE_MAX_BUFFERED_BYTES, size: (chunk) => chunk.byteLength },
  );
  const sink: SseSink = {
    write(b) {
      try {
        controller.enqueue(b);
        return true;
      } catch {
        return false;
      }
    },
    buffered: () => SSE_MAX_BUFFERED_BYTES - (controller.desiredSize ?? 0),
    end() {
      try {
        controller.close();
      } catch {
        /* client already gone */
      }
    },
    abort(reason) {
      try {
        controller.error(reason);
      } catch {
        /* already closed */
      }
    },
    onGone(cb) {
      gone = cb;
    },
  };
  return { sink, stream };
}

/**
 * One SSE response: `write` frames until the client leaves or `end` is called; heartbeat comments keep
 * proxies from dropping an idle stream; `onClose` runs once, however it ends. A client with more than
 * SSE_MAX_BUFFERED_BYTES unsent is dropped (the connection is cut, so the server frees it).
 */
function sseStream(sink: SseSink, o: { heartbeatMs?: number; signal?: AbortSignal; onClose: () => void }) {
  let closed = false;
  let leaveHeartbeat: () => void = () => {};
  const finish = () => {
    closed = true;
    leaveHeartbeat();
    runMetrics.sseConnections.dec();
    o.onClose();
  };
  const end = (farewell?: string) => {
    if (closed) return;
    finish();
    if (farewell) sink.write(enc.encode(farewell));
    sink.end();
  };
  /** False (and the stream ends) when the client is gone or too slow. The same bytes may go to many clients. */
  const writeBytes = (b: Uint8Array): boolean => {
    if (closed) return false;
    if (!sink.write(b)) {
      end();
      return false;
    }
    if (sink.buffered() > SSE_MAX_BUFFERED_BYTES) {
      finish();
      runMetrics.sseDropped.inc();
      sink.abort(new Error(`slow client: more than ${SSE_MAX_BUFFERED_BYTES} bytes unsent`));
      return false;
    }
    return true;
  };
  const write = (text: string): boolean => writeBytes(enc.encode(text));
  sink.onGone(() => end());
  runMetrics.sseConnections.inc();
  leaveHeartbeat = joinHeartbeat(o.heartbeatMs ?? 15_000, { writeBytes });
  o.signal?.addEventListener("abort", () => end(), { once: true });
  return { write, writeBytes, end, isClosed: () => closed };
}

/**
 * A published message decoded and framed once for every stream of the process that follows it: the
 * pub/sub layer hands the same string to each subscriber in turn, so one remembered decoding serves
 * them all (no per-client parse, stringify or encode).
 */
let lastRaw: string | undefined;
let lastLive: { m: RunMessage; bytes: Uint8Array } | null = null;
function decodeLive(raw: string): { m: RunMessage; bytes: Uint8Array } | null {
  if (raw === lastRaw) return lastLive;
  lastRaw = raw;
  try {
    const m = JSON.parse(raw) as RunMessage;
    lastLive = { m, bytes: enc.encode(frame(m)) };
  } catch {
    lastLive = null;
  }
  return lastLive;
}

let lastFeedRaw: string | undefined;
let lastFeed: { ownerId: string | null | undefined; bytes: Uint8Array } | null = null;
function decodeFeed(raw: string): { ownerId: string | null | undefined; bytes: Uint8Array } | null {
  if (raw === lastFeedRaw) return lastFeed;
  lastFeedRaw = raw;
  try {
    const ownerId = (JSON.parse(raw) as { ownerId?: string | null }).ownerId;
    lastFeed = { ownerId, bytes: enc.encode(`data: ${raw}\n\n`) };
  } catch {
    lastFeed = null;
  }
  return lastFeed;
}

/** A run id as a stream's URL must name it (checked before any query). */
export const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Last-Event-ID (header, else the `lastEventId` query value): a malformed one is ignored (full replay). */
export function parseLastEventId(raw: string | null | undefined): number | undefined {
  return raw && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
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
  if (e.type === "partial")
    return {
      type: "partial",
      runId,
      seq: e.seq,
      result: p.result ?? null,
      ...(typeof p.precision === "number" ? { precision: p.precision } : {}),
      ...(p.done ? { done: p.done as { count: number; total: number; unit: string } } : {}),
      at: typeof p.at === "string" ? p.at : at,
      final: p.final === true,
    };
  return { type: "log", runId, seq: e.seq, level: String(p.level ?? "info"), message: String(p.message ?? ""), at };
}

type Live = { m: RunMessage; bytes?: Uint8Array };

function frame(m: RunMessage): string {
  const id = m.seq !== undefined ? `id: ${m.seq}\n` : "";
  // Partial results are their own event type (`event: partial`); the others are plain messages.
  const type = m.type === "partial" ? "event: partial\n" : "";
  return `${id}${type}data: ${JSON.stringify(m)}\n\n`;
}

/** null when the run does not exist, or is outside `scope` (the caller answers 404 either way). */
export async function openRunStream(
  runId: string,
  o: StreamOptions & { scope: OwnerScope },
): Promise<ReadableStream<Uint8Array> | null> {
  if (!(await findVisibleRun(runId, o.scope))) return null;
  const { sink, stream } = webStreamSink();
  await streamRunTo(sink, runId, o);
  return stream;
}

/** The run's stream into `sink` if the run exists and is in `scope` (else false: nothing written). */
export async function openRunStreamTo(
  sink: SseSink,
  runId: string,
  o: StreamOptions & { scope: OwnerScope; begin: () => void },
): Promise<boolean> {
  if (!(await findVisibleRun(runId, o.scope))) return false;
  o.begin();
  await streamRunTo(sink, runId, o);
  return true;
}

/**
 * The run's stream into `sink` (the caller has checked the run exists and is visible: the response has
 * begun). Resolves once the replay is written; live messages follow until the run ends or the client goes.
 */
export async function streamRunTo(sink: SseSink, runId: string, o: StreamOptions): Promise<void> {
  let lastSeq = o.lastEventId ?? 0;
  let replaying = true;
  const buffered: Live[] = [];
  let unsubscribe: () => void = () => {};
  const sse = sseStream(sink, { heartbeatMs: o.heartbeatMs, signal: o.signal, onClose: () => unsubscribe() });
  const close = () => sse.end("event: end\ndata: {}\n\n");

  /** `bytes`: the message already framed (shared by every client of a live message). */
  const write = (m: RunMessage, bytes?: Uint8Array) => {
    if (m.seq !== undefined) {
      if (m.seq <= lastSeq) return; // already sent (replay and live overlap)
      lastSeq = m.seq;
    }
    const ok = bytes ? sse.writeBytes(bytes) : sse.write(frame(m));
    if (ok && m.type === "status" && isTerminal(m.status)) close();
  };

  // Persisted messages go out in seq order, none missing: publishes are fire-and-forget, so one can
  // overtake another (or be lost while Redis is down). A gap is filled from the database first —
  // what carries seq N+1 was committed after N, so N is there to read.
  const deliver = async ({ m, bytes }: Live) => {
    if (m.seq !== undefined && m.seq > lastSeq + 1 && !sse.isClosed()) {
      for (const e of await listEvents(runId, lastSeq, m.seq - lastSeq - 1)) write(eventToMessage(runId, e));
    }
    write(m, bytes);
  };
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  const send = (l: Live) => {
    // In order, without a promise per message while nothing is waiting (the common case).
    if (pending === 0 && (l.m.seq === undefined || l.m.seq <= lastSeq + 1)) return write(l.m, l.bytes);
    pending++;
    chain = chain
      .then(() => deliver(l))
      .catch(() => {})
      .finally(() => pending--);
  };

  // 1. Subscribe before reading anything, so nothing published from now on is missed.
  unsubscribe = await pubsub().subscribe(channels.run(runId), (raw) => {
    const live = decodeLive(raw);
    if (!live) return;
    if (replaying) buffered.push(live);
    else send(live);
  });
  // The transport lost its connection (Redis or Postgres restarted): what was published meanwhile never
  // came, so read it from the database — else a run that ended during the outage would look live forever.
  const offResync = pubsub().onResync(() => {
    if (replaying || sse.isClosed()) return;
    pending++;
    chain = chain
      .then(async () => {
        for (const e of await listEvents(runId, lastSeq, 1000)) write(eventToMessage(runId, e));
      })
      .catch(() => {})
      .finally(() => pending--);
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
  const { sink, stream } = webStreamSink();
  await streamRunsFeedTo(sink, o);
  return stream;
}

/** The runs feed into `sink`. */
export async function streamRunsFeedTo(
  sink: SseSink,
  o: { heartbeatMs?: number; signal?: AbortSignal; ownerId?: string } = {},
): Promise<void> {
  let unsubscribe: () => void = () => {};
  const sse = sseStream(sink, { ...o, onClose: () => unsubscribe() });
  unsubscribe = await pubsub().subscribe(channels.runs, (raw) => {
    const f = decodeFeed(raw);
    if (f && (o.ownerId === undefined || f.ownerId === o.ownerId)) void sse.writeBytes(f.bytes);
  });
  if (sse.isClosed()) unsubscribe();
  sse.write("retry: 1000\n: runs\n\n");
}
