/**
 * What every scenario checks at its end, from the database (the only witness every host shares):
 * nothing lost (every run it was given ended), nothing duplicated (one terminal status event per run),
 * and every succeeded forecast.when result equal to forecastWhen() recomputed here from the stored
 * input and seed. Plus the HTTP client the scenarios share (bearer token, the web node that answered).
 */
import type pg from "pg";
import { createRng, forecastWhen, type WhenInput } from "@/domain/forecast";
import { canonicalJson } from "@/server/canonical-json";
import { readFrames } from "../lib/load-core";
import { sleep } from "./services";

export const TERMINAL = new Set(["succeeded", "failed", "cancelled", "dead"]);

export interface Verdict {
  runs: number;
  lost: string[];
  duplicated: string[];
  wrong: string[];
  recomputed: number;
  statuses: Record<string, number>;
}

/** Waits up to `timeoutMs` for `ids` to end, then judges them. */
export async function verifyRuns(db: pg.Pool, ids: string[], timeoutMs = 180_000): Promise<Verdict> {
  let rows: { id: string; status: string }[] = [];
  for (const until = Date.now() + timeoutMs; ; await sleep(500)) {
    rows = (
      await db.query<{ id: string; status: string }>(`select id, status::text from runs where id = any($1::uuid[])`, [
        ids,
      ])
    ).rows;
    if (rows.every((r) => TERMINAL.has(r.status)) || Date.now() > until) break;
  }
  const statusOf = new Map(rows.map((r) => [r.id, r.status]));
  const statuses: Record<string, number> = {};
  for (const id of ids) {
    const s = statusOf.get(id) ?? "missing";
    statuses[s] = (statuses[s] ?? 0) + 1;
  }
  const lost = ids.filter((id) => !TERMINAL.has(statusOf.get(id) ?? "missing"));
  const ev = await db.query<{ run_id: string; n: string }>(
    `select run_id, count(*) n from run_events where run_id = any($1::uuid[]) and type = 'status'
        and payload->>'status' in ('succeeded','failed','cancelled','dead') group by run_id`,
    [ids],
  );
  const duplicated = ev.rows.filter((r) => Number(r.n) > 1).map((r) => r.run_id);
  const done = await db.query<{ id: string; input: WhenInput & { seed: number }; result: unknown }>(
    `select id, input, result from runs where id = any($1::uuid[]) and status = 'succeeded' and task = 'forecast.when'`,
    [ids],
  );
  const wrong: string[] = [];
  for (const r of done.rows) {
    const expected = canonicalJson(forecastWhen(r.input, { rng: createRng(r.input.seed) }));
    if (canonicalJson(r.result) !== expected) wrong.push(r.id);
  }
  return { runs: ids.length, lost, duplicated, wrong, recomputed: done.rows.length, statuses };
}

export const verdictLine = (v: Verdict) =>
  `${v.runs} runs (${Object.entries(v.statuses)
    .map(([k, n]) => `${k} ${n}`)
    .join(
      ", ",
    )}); lost ${v.lost.length}, duplicated ${v.duplicated.length}, wrong ${v.wrong.length} of ${v.recomputed} recomputed`;

export const verdictFailures = (v: Verdict): string[] => [
  ...(v.lost.length ? [`lost: ${v.lost.slice(0, 5).join(", ")}`] : []),
  ...(v.duplicated.length ? [`duplicated terminal events: ${v.duplicated.slice(0, 5).join(", ")}`] : []),
  ...(v.wrong.length ? [`result differs from its recomputation: ${v.wrong.slice(0, 5).join(", ")}`] : []),
];

// ---------------------------------------------------------------- HTTP

export interface Answer<T> {
  status: number;
  body: T;
  via: string | null;
}

export async function api<T>(
  url: string,
  token: string,
  o: { method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<Answer<T>> {
  const r = await fetch(url, {
    method: o.method ?? (o.body === undefined ? "GET" : "POST"),
    headers: {
      authorization: `Bearer ${token}`,
      ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
  });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: body as T, via: r.headers.get("x-fluxo-web") };
}

/** A forecast that keeps one kernel thread busy for seconds (seeded, so its result can be recomputed). */
export const longForecast = (seed: number, trials = 490_000) => ({
  samples: [1, 2, 1, 0, 3, 1],
  backlog: 4000,
  maxPeriods: 5200,
  trials,
  seed,
});

export async function submitForecast(base: string, token: string, input: object): Promise<{ id: string; via: string }> {
  for (let i = 0; ; i++) {
    const r = await api<{ runId: string }>(`${base}/api/v1/forecasts/when`, token, { body: input }).catch(
      (e: Error) => ({ status: 0, body: { runId: "" }, via: null, error: e }),
    );
    if (r.status === 202 || r.status === 200) return { id: r.body.runId, via: r.via ?? "" };
    if (i > 20) throw new Error(`submit answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
    await sleep(250);
  }
}

// ---------------------------------------------------------------- one SSE follower

export interface Follow {
  seqs: number[];
  terminal: string[];
  connects: number;
  via: string[];
  http5xx: { status: number; at: number }[];
  drops: { at: number; resumedAt?: number }[];
  firstProgressAt?: number;
  terminalAt?: number;
  done: Promise<void>;
}

/**
 * Follow run `id`'s events from `base` until its terminal status, reconnecting with Last-Event-ID
 * (as EventSource does) after any drop; records every persisted seq received, in order.
 */
export function follow(base: string, token: string, id: string, o: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  const f: Follow = { seqs: [], terminal: [], connects: 0, via: [], http5xx: [], drops: [], done: Promise.resolve() };
  const until = Date.now() + (o.timeoutMs ?? 300_000);
  f.done = (async () => {
    while (Date.now() < until && !o.signal?.aborted) {
      const last = f.seqs.at(-1);
      let res: Response;
      try {
        res = await fetch(`${base}/api/runs/${id}/events`, {
          headers: {
            authorization: `Bearer ${token}`,
            accept: "text/event-stream",
            ...(last !== undefined ? { "last-event-id": String(last) } : {}),
          },
          signal: o.signal
            ? AbortSignal.any([o.signal, AbortSignal.timeout(until - Date.now())])
            : AbortSignal.timeout(until - Date.now()),
        });
      } catch {
        await sleep(250);
        continue;
      }
      if (res.status >= 500) f.http5xx.push({ status: res.status, at: Date.now() });
      if (!res.ok || !res.body) {
        await res.body?.cancel().catch(() => {});
        await sleep(250);
        continue;
      }
      f.connects++;
      f.via.push(res.headers.get("x-fluxo-web") ?? "?");
      const drop = f.drops.at(-1);
      if (drop && drop.resumedAt === undefined) drop.resumedAt = Date.now();
      let ended = false;
      try {
        ended = await readFrames(res.body, (frame) => {
          if (!frame.data) return;
          const m = JSON.parse(frame.data) as { type?: string; status?: string; seq?: number };
          if (typeof m.seq === "number") f.seqs.push(m.seq);
          if (m.type === "progress") f.firstProgressAt ??= Date.now();
          if (m.type === "status" && m.status && TERMINAL.has(m.status)) {
            f.terminal.push(m.status);
            f.terminalAt ??= Date.now();
          }
        });
      } catch {
        /* dropped: resume below */
      }
      if (ended || f.terminal.length) return;
      f.drops.push({ at: Date.now() });
    }
  })();
  return f;
}

/** No gap, no duplicate: the seqs received are exactly 1..max, in order. */
export function gapless(seqs: number[], max: number): boolean {
  if (seqs.length !== max) return false;
  return seqs.every((s, i) => s === i + 1);
}
