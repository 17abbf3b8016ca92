/**
 * The simulated users of `npm run load` and `npm run chaos`: submit a small, varied forecast
 * (POST /api/v1/forecasts/when), follow its server-sent events (GET /api/runs/:id/events, resuming
 * from Last-Event-ID when the stream drops), cancel a share of the runs mid-run, and afterwards read
 * every run back until it is terminal; the tally of what happened and the verdict on lost and
 * duplicated runs. Nothing here is imported by the app.
 */
import { randomInt } from "node:crypto";
import { sleep } from "./instance";
import { SseParser, type SseFrame } from "../../src/cli/sse";

/** The knobs the user loop and the verification read (`npm run load`'s flags of the same names). */
export interface LoadConfig {
  duration: number;
  "cancel-share": number;
  grace: number;
  "run-timeout": number;
  "trials-min": number;
  "trials-max": number;
  /** Submit every forecast with an explicit seed (so its result can be recomputed). */
  seed?: boolean;
}

// ---------------------------------------------------------------- statistics

export class Tally {
  readonly errors = new Map<string, number>();
  submitted = 0;
  accepted = 0;
  fromCache = 0;
  succeeded = 0;
  failed = 0;
  cancelRequested = 0;
  cancelHonoured = 0;
  cancelTooLate = 0;
  sseDrops = 0;
  readonly submitMs: number[] = [];
  /** When each submission was sent (ms since epoch), beside submitMs: the opening rush vs the rest. */
  readonly submitAt: number[] = [];
  readonly firstProgressMs: number[] = [];
  readonly terminalMs: number[] = [];
  readonly problems: string[] = [];
  /** Called for every error as it happens (chaos files them under the fault of the moment). */
  onError?: (kind: string, detail?: string) => void;
  error(kind: string, detail?: string) {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    this.onError?.(kind, detail);
    const line = `${kind}: ${detail}`;
    if (detail && this.problems.length < 20 && !this.problems.includes(line)) this.problems.push(line);
  }
}

export const pct = (xs: number[], q: number): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
export const ms = (x: number | null) => (x === null ? "—" : `${Math.round(x)} ms`);

// ---------------------------------------------------------------- HTTP

export const TERMINAL = new Set(["succeeded", "failed", "cancelled", "dead"]);

export interface Target {
  url: string;
  tokens: string[];
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Kind of a failed request for the report: http_<status>, timeout, or network. */
export function kindOf(e: unknown): string {
  if (e instanceof HttpError) return `http_${e.status}`;
  const err = e as Error;
  if (err?.name === "TimeoutError" || err?.name === "AbortError") return "timeout";
  return "network";
}

export async function callJson<T>(o: { url: string; token: string; method?: string; body?: unknown }): Promise<T> {
  const res = await fetch(o.url, {
    method: o.method ?? "GET",
    headers: {
      authorization: `Bearer ${o.token}`,
      accept: "application/json",
      ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new HttpError(res.status, `${res.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : null) as T;
}

// ---------------------------------------------------------------- one simulated user

export interface RunRecord {
  id: string;
  user: number;
  t0: number;
  cancel: boolean;
  sseTerminal: string[];
  finalStatus?: string;
  /** Found on the server, not reported by a submission (e.g. a submit that timed out here). */
  orphan?: boolean;
}

export function forecastInput(flags: LoadConfig) {
  const n = randomInt(5, 16);
  const samples: number[] = Array.from({ length: n }, () => randomInt(0, 11));
  if (!samples.some((s) => s > 0)) samples[0] = 1 + randomInt(0, 5);
  const backlog = randomInt(0, 4) === 0 ? { min: randomInt(20, 60), max: randomInt(60, 200) } : randomInt(20, 200);
  const trials = randomInt(flags["trials-min"], flags["trials-max"] + 1);
  return { samples, backlog, trials, ...(flags.seed ? { seed: randomInt(0, 2 ** 32) } : {}) };
}

export interface Shared {
  flags: LoadConfig;
  target: Target;
  tally: Tally;
  runs: Map<string, RunRecord>;
  active: Set<string>;
  lastMessageAt: number;
  stopAt: number;
  abort: AbortController;
}

/**
 * Reads a server-sent event stream, handing each frame (but `event: end`) to `onFrame`, until the
 * server's `event: end` (resolves true) or the stream closes (false); a read error rejects. The body is
 * always released.
 */
export async function readFrames(body: ReadableStream<Uint8Array>, onFrame: (f: SseFrame) => void): Promise<boolean> {
  const reader = body.getReader();
  const dec = new TextDecoder();
  const sse = new SseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return false;
      for (const frame of sse.push(dec.decode(value, { stream: true }))) {
        if (frame.event === "end") return true;
        onFrame(frame);
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** Follow one run's SSE until a terminal status (or `event: end`), resuming after drops. */
export async function follow(s: Shared, rec: RunRecord, token: string): Promise<void> {
  const deadline = rec.t0 + s.flags["run-timeout"];
  let lastId: string | undefined;
  let firstProgress = false;
  let cancelTimer: NodeJS.Timeout | undefined;
  const cancel = () => {
    if (!rec.cancel || cancelTimer) return;
    cancelTimer = setTimeout(
      () => {
        s.tally.cancelRequested++;
        callJson({ url: `${s.target.url}/api/v1/runs/${rec.id}/cancel`, token, method: "POST" }).catch((e: unknown) =>
          s.tally.error(kindOf(e), `cancel ${rec.id}: ${(e as Error).message}`),
        );
      },
      randomInt(0, 150),
    );
  };
  // A run whose progress never shows still gets its cancel, a little later.
  if (rec.cancel) setTimeout(cancel, 400).unref();
  for (;;) {
    if (s.abort.signal.aborted) return;
    const left = deadline - Date.now();
    if (left <= 0) {
      s.tally.error("timeout", `run ${rec.id} not terminal on its stream after ${s.flags["run-timeout"] / 1000} s`);
      return;
    }
    let res: Response;
    try {
      res = await fetch(`${s.target.url}/api/runs/${rec.id}/events`, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: "text/event-stream",
          ...(lastId ? { "last-event-id": lastId } : {}),
        },
        signal: AbortSignal.any([s.abort.signal, AbortSignal.timeout(left)]),
      });
    } catch (e) {
      s.tally.error(kindOf(e), `events ${rec.id}: ${(e as Error).message}`);
      await sleep(250);
      continue;
    }
    if (!res.ok || !res.body) {
      s.tally.error(`http_${res.status}`, `events ${rec.id}`);
      await res.body?.cancel().catch(() => {});
      if (res.status === 404 || res.status === 401 || res.status === 403) return;
      await sleep(250);
      continue;
    }
    let ended = false;
    try {
      ended = await readFrames(res.body, (frame) => {
        if (frame.id && /^\d+$/.test(frame.id)) lastId = frame.id;
        if (!frame.data) return;
        let m: { type?: string; status?: string };
        try {
          m = JSON.parse(frame.data) as typeof m;
        } catch {
          return;
        }
        s.lastMessageAt = Date.now();
        if (m.type === "progress" && !firstProgress) {
          firstProgress = true;
          s.tally.firstProgressMs.push(Date.now() - rec.t0);
          cancel();
        }
        if (m.type === "status" && m.status && TERMINAL.has(m.status)) rec.sseTerminal.push(m.status);
      });
    } catch (e) {
      if (s.abort.signal.aborted) return;
      if (kindOf(e) === "timeout") continue; // the deadline check above reports it
      s.tally.error("sse_drop", `run ${rec.id}: ${(e as Error).message}`);
      s.tally.sseDrops++;
      continue;
    }
    if (ended || rec.sseTerminal.length) {
      if (rec.sseTerminal.length) s.tally.terminalMs.push(Date.now() - rec.t0);
      else s.tally.error("sse_end_without_terminal", `run ${rec.id}`);
      return;
    }
    s.tally.error("sse_drop", `run ${rec.id}: stream closed before the run ended`);
    s.tally.sseDrops++;
  }
}

export async function user(s: Shared, n: number): Promise<void> {
  const token = s.target.tokens[n % s.target.tokens.length]!;
  await sleep(randomInt(0, Math.min(2000, s.flags.duration / 4))); // stagger the start
  while (Date.now() < s.stopAt && !s.abort.signal.aborted) {
    const t0 = Date.now();
    s.tally.submitted++;
    let queued: { runId: string; fromCache?: boolean };
    try {
      queued = await callJson({
        url: `${s.target.url}/api/v1/forecasts/when`,
        token,
        method: "POST",
        body: forecastInput(s.flags),
      });
    } catch (e) {
      const kind = kindOf(e);
      s.tally.error(kind, kind === "http_429" ? undefined : `submit: ${(e as Error).message}`);
      await sleep(kind === "http_429" ? 1000 + randomInt(0, 1000) : 250);
      continue;
    }
    s.tally.submitMs.push(Date.now() - t0);
    s.tally.submitAt.push(t0);
    s.tally.accepted++;
    if (queued.fromCache) s.tally.fromCache++;
    if (s.runs.has(queued.runId)) {
      s.tally.error("duplicate_run_id", `${queued.runId} handed out twice`);
      continue;
    }
    const rec: RunRecord = {
      id: queued.runId,
      user: n,
      t0,
      cancel: Math.random() < s.flags["cancel-share"],
      sseTerminal: [],
    };
    s.runs.set(rec.id, rec);
    s.active.add(rec.id);
    try {
      await follow(s, rec, token);
    } finally {
      s.active.delete(rec.id);
    }
  }
}

// ---------------------------------------------------------------- verification

/**
 * Runs the server made for our accounts since `since` that no submission reported (a submit that
 * timed out on our side may still have been queued): they are verified like the others.
 */
export async function orphans(
  s: Shared,
  since: number,
  exclude: ReadonlySet<string> = new Set(),
): Promise<RunRecord[]> {
  const found: RunRecord[] = [];
  for (const [i, token] of s.target.tokens.entries()) {
    let cursor: string | null = null;
    for (let pages = 0; pages < 500; pages++) {
      const q = new URLSearchParams({ task: "forecast.when", limit: "200", ...(cursor ? { cursor } : {}) });
      const page: { items: { id: string; createdAt: string }[]; nextCursor: string | null } = await callJson({
        url: `${s.target.url}/api/v1/runs?${q}`,
        token,
      });
      let older = false;
      for (const r of page.items) {
        if (Date.parse(r.createdAt) < since) older = true;
        else if (!s.runs.has(r.id) && !exclude.has(r.id))
          found.push({ id: r.id, user: i, t0: Date.parse(r.createdAt), cancel: false, sseTerminal: [], orphan: true });
      }
      cursor = page.nextCursor;
      if (older || !cursor) break;
    }
  }
  return found;
}

/** `exclude`: runs made on purpose outside the measured load (the warm-up submission). */
export async function verify(
  s: Shared,
  since: number,
  log: (l: string) => void,
  exclude: ReadonlySet<string> = new Set(),
): Promise<void> {
  const until = Date.now() + s.flags.grace;
  try {
    const extra = await orphans(s, since, exclude);
    for (const r of extra) s.runs.set(r.id, r);
    if (extra.length) log(`${extra.length} run(s) were queued although their submission failed on our side`);
  } catch (e) {
    s.tally.error(kindOf(e), `listing runs: ${(e as Error).message}`);
  }
  let pending = [...s.runs.values()];
  const tokenOf = (r: RunRecord) => s.target.tokens[r.user % s.target.tokens.length]!;
  for (;;) {
    const still: RunRecord[] = [];
    for (let i = 0; i < pending.length; i += 32) {
      await Promise.all(
        pending.slice(i, i + 32).map(async (r) => {
          try {
            const run = await callJson<{ status: string }>({
              url: `${s.target.url}/api/v1/runs/${r.id}`,
              token: tokenOf(r),
            });
            r.finalStatus = run.status;
            if (!TERMINAL.has(run.status)) still.push(r);
          } catch (e) {
            if (e instanceof HttpError && e.status === 404) r.finalStatus = "missing";
            else {
              s.tally.error(kindOf(e), `verify ${r.id}: ${(e as Error).message}`);
              still.push(r);
            }
          }
        }),
      );
    }
    pending = still;
    if (!pending.length || Date.now() >= until) break;
    log(`waiting for ${pending.length} run(s) to end…`);
    await sleep(1000);
  }
}

// ---------------------------------------------------------------- verdict

export interface Outcome {
  lost: number;
  duplicated: number;
  statuses: Map<string, number>;
}

/**
 * The verdict on `runs` (all of them unless given) once verified: lost (not terminal, or missing),
 * duplicated (two terminal events on one stream, or an end state the record contradicts; plus every
 * run id handed out twice); counts succeeded, failed and the cancels into the tally.
 */
export function outcomes(s: Shared, runs: Iterable<RunRecord> = s.runs.values()): Outcome {
  const tally = s.tally;
  let lost = 0;
  let duplicated = 0;
  const statuses = new Map<string, number>();
  for (const r of runs) {
    const st = r.finalStatus ?? "unverified";
    statuses.set(st, (statuses.get(st) ?? 0) + 1);
    if (!TERMINAL.has(st)) {
      lost++;
      if (tally.problems.length < 20) tally.problems.push(`lost: run ${r.id} is ${st}`);
    }
    if (st === "succeeded") tally.succeeded++;
    if (st === "failed" || st === "dead") tally.failed++;
    if (r.cancel) {
      if (st === "cancelled") tally.cancelHonoured++;
      else if (TERMINAL.has(st)) tally.cancelTooLate++;
    }
    const distinct = new Set(r.sseTerminal);
    if (r.sseTerminal.length > 1 || (r.sseTerminal.length && TERMINAL.has(st) && !distinct.has(st))) {
      duplicated++;
      if (tally.problems.length < 20)
        tally.problems.push(`duplicated: run ${r.id} stream said ${r.sseTerminal.join(",")}, record says ${st}`);
    }
  }
  duplicated += tally.errors.get("duplicate_run_id") ?? 0;
  return { lost, duplicated, statuses };
}
