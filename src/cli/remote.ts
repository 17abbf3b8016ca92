/**
 * Commands that talk to a Fluxo server over its HTTP API, authenticated with a personal API token
 * (FLUXO_TOKEN or --token; made on the Account page). They see exactly what the token's owner sees:
 * someone else's run is "not found".
 */
import { CliError, type CliIo } from "./io";
import { SseParser } from "./sse";

export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  runUnsuccessful: 5,
  server: 6,
  interrupted: 130,
} as const;

export interface RemoteOptions {
  url: string;
  token: string;
}

const TERMINAL = new Set(["succeeded", "failed", "cancelled", "dead"]);
const isTerminalStatus = (s: string | undefined) => TERMINAL.has(s ?? "");

/** Pull --url/--token out of args; the rest are the command's own. */
export function remoteOptions(args: string[], io: CliIo): { opts: RemoteOptions; rest: string[] } {
  const rest: string[] = [];
  let url = io.env.FLUXO_URL;
  let token = io.env.FLUXO_TOKEN;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const take = (name: string) => {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      if (!v) throw new CliError(`fluxo: ${name} needs a value`, EXIT.usage);
      return v;
    };
    if (a === "--url" || a.startsWith("--url=")) url = take("--url");
    else if (a === "--token" || a.startsWith("--token=")) token = take("--token");
    else rest.push(a);
  }
  url ??= "http://127.0.0.1:3000";
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
  } catch {
    throw new CliError(`fluxo: FLUXO_URL/--url must be an http(s) URL, got "${url}"`, EXIT.usage);
  }
  if (!token)
    throw new CliError(
      "fluxo: no API token: set FLUXO_TOKEN or pass --token (create one on the Account page)",
      EXIT.auth,
    );
  return { opts: { url: url.replace(/\/+$/, ""), token }, rest };
}

/** An answer of the API that is not a success: the CLI error, with what the server said. */
export class ApiCallError extends CliError {
  constructor(
    message: string,
    exitCode: number,
    readonly status: number,
    readonly fields: { path: string; message: string }[],
  ) {
    super(message, exitCode);
  }
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

/** One API request; a refusal throws ApiCallError (exit 2 for 400/413, 3 for 401/403, 4 for 404, else 6). */
export async function request(
  io: CliIo,
  o: RemoteOptions,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  let res: Response;
  try {
    res = await io.fetch(`${o.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${o.token}`,
        accept: "application/json",
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new CliError(`fluxo: cannot reach ${o.url}: ${(e as Error).message}`, EXIT.server);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (res.ok) return { status: res.status, headers: res.headers, json };
  const err = (json as { error?: { message?: string; fields?: { path: string; message: string }[] } } | null)?.error;
  const msg = err?.fields?.length
    ? err.fields.map((f) => `${f.path || "input"}: ${f.message}`).join("\n")
    : (err?.message ?? `${res.status} ${res.statusText}`);
  const code =
    res.status === 401 || res.status === 403
      ? EXIT.auth
      : res.status === 404
        ? EXIT.notFound
        : res.status === 400 || res.status === 413
          ? EXIT.usage
          : EXIT.server;
  throw new ApiCallError(`fluxo: ${msg}`, code, res.status, err?.fields ?? []);
}

export async function call(
  io: CliIo,
  o: RemoteOptions,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  return (await request(io, o, method, path, body)).json;
}

export const print = (io: CliIo, v: unknown) => io.out(`${JSON.stringify(v, null, 2)}\n`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function runId(args: string[]): string {
  const id = args.find((a) => !a.startsWith("-"));
  if (!id) throw new CliError("fluxo: which run? give its id", EXIT.usage);
  if (!UUID.test(id)) throw new CliError(`fluxo: "${id.slice(0, 60)}" is not a run id (UUID)`, EXIT.usage);
  return id.toLowerCase();
}

export async function whoami(args: string[], io: CliIo): Promise<void> {
  const { opts } = remoteOptions(args, io);
  print(io, await call(io, opts, "GET", "/api/v1/me"));
}

export async function runs(args: string[], io: CliIo): Promise<void> {
  const { opts, rest } = remoteOptions(args, io);
  const [alias, ...more] = rest;
  const sub = ({ ls: "list", show: "get", retry: "redrive" } as Record<string, string>)[alias ?? ""] ?? alias;
  if (sub === "get") return print(io, await call(io, opts, "GET", `/api/v1/runs/${runId(more)}`));
  if (sub === "cancel") return print(io, await call(io, opts, "POST", `/api/v1/runs/${runId(more)}/cancel`));
  if (sub === "redrive") return print(io, await call(io, opts, "POST", `/api/v1/runs/${runId(more)}/redrive`));
  if (sub === "diff") return (await import("./runs-diff")).runsDiff(io, opts, more);
  if (sub === "list") {
    const q = new URLSearchParams();
    for (let i = 0; i < more.length; i++) {
      const a = more[i]!;
      if (a === "--all") q.set("all", "1");
      else if (a === "--status" || a === "--limit" || a === "--task") {
        const v = more[++i];
        if (!v) throw new CliError(`fluxo: ${a} needs a value`, EXIT.usage);
        q.set(a.slice(2), v);
      } else throw new CliError(`fluxo: unknown option ${a} for runs list`, EXIT.usage);
    }
    return print(io, await call(io, opts, "GET", `/api/v1/runs${q.size ? `?${q}` : ""}`));
  }
  throw new CliError(`fluxo: runs needs one of: ls, show <id>, cancel <id>, retry <id>, diff <id> <id>`, EXIT.usage);
}

/** A text progress bar: `[########------------]  42 % stage — message`. */
export function progressLine(fraction: number, stage?: string | null, message?: string | null, width = 24): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const n = Math.round(f * width);
  const text = [stage, message].filter(Boolean).join(" — ");
  return `[${"#".repeat(n)}${"-".repeat(width - n)}] ${String(Math.floor(f * 100)).padStart(3)} %${text ? ` ${text}` : ""}`;
}

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/**
 * A partial result (SSE `event: partial`) in one line: how much was done and, when the result has
 * percentiles with intervals (a forecast), each as `P85 12 (11–13)`. Other results: just how much.
 */
export function partialLine(m: { done?: { count: number; total: number; unit: string }; result?: unknown }): string {
  const parts: string[] = ["partial"];
  if (m.done) parts.push(`${compact.format(m.done.count)} of ${compact.format(m.done.total)} ${m.done.unit}`);
  const pcts = (m.result as { percentiles?: unknown } | null)?.percentiles;
  if (pcts && typeof pcts === "object")
    for (const [level, e] of Object.entries(
      pcts as Record<string, { value?: unknown; lower?: unknown; upper?: unknown }>,
    )) {
      const v = (x: unknown) => (typeof x === "number" ? String(x) : "—");
      if (e && typeof e === "object") parts.push(`P${level} ${v(e.value)} (${v(e.lower)}–${v(e.upper)})`);
    }
  return parts.join(" · ");
}

/**
 * Follow a run on its server-sent events until it ends, drawing a progress bar on a terminal.
 * A dropped stream is picked up again from the last event id (the server replays what was missed).
 */
export async function follow(io: CliIo, o: RemoteOptions, runId: string): Promise<void> {
  let lastId: string | undefined;
  // The latest partial result, shown after the bar; kept on screen when the run ends without a result.
  let partial = "";
  let bar = "";
  for (let attempt = 0; attempt < 20; attempt++) {
    let res: Response;
    try {
      res = await io.fetch(`${o.url}/api/runs/${runId}/events`, {
        headers: {
          authorization: `Bearer ${o.token}`,
          accept: "text/event-stream",
          ...(lastId ? { "last-event-id": lastId } : {}),
        },
      });
    } catch {
      await io.sleep(500);
      continue;
    }
    if (!res.ok || !res.body)
      throw new CliError(
        `fluxo: cannot follow run ${runId}: ${res.status}`,
        res.status === 404 ? EXIT.notFound : EXIT.server,
      );
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    const sse = new SseParser();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) break;
      for (const frame of sse.push(dec.decode(value, { stream: true }))) {
        if (frame.id && /^\d+$/.test(frame.id)) lastId = frame.id;
        if (frame.event === "end") {
          if (io.errIsTTY) io.err("\n");
          await reader.cancel().catch(() => {});
          return;
        }
        const data = frame.data;
        if (!data) continue;
        let m: {
          type?: string;
          progress?: number;
          stage?: string | null;
          message?: string | null;
          status?: string;
          done?: { count: number; total: number; unit: string };
          result?: unknown;
        };
        try {
          m = JSON.parse(data);
        } catch {
          continue;
        }
        if (m.type === "partial") partial = partialLine(m);
        if (m.type === "progress" || m.type === "status")
          bar = progressLine(
            m.progress ?? 0,
            m.type === "status" ? m.status : m.stage,
            m.type === "progress" ? m.message : null,
          );
        if (io.errIsTTY && (m.type === "progress" || m.type === "status" || m.type === "partial"))
          io.err(`\r${bar}${partial ? `  ${partial}` : ""}\x1b[K`);
        if (m.type === "status" && isTerminalStatus(m.status)) {
          if (io.errIsTTY) io.err("\n");
          if (partial && m.status !== "succeeded") io.err(`${m.status}; last ${partial}\n`);
          await reader.cancel().catch(() => {});
          return;
        }
      }
    }
    await io.sleep(300); // the stream dropped: resume from the last id
  }
  throw new CliError(`fluxo: lost the event stream of run ${runId}`, EXIT.server);
}

/** `fluxo queues` — each queue's limit, state, running and waiting runs (an admin's token). */
export async function queuesCmd(args: string[], io: CliIo): Promise<void> {
  const { opts } = remoteOptions(args, io);
  const r = (await call(io, opts, "GET", "/api/v1/queues")) as {
    items: { name: string; concurrency: number; paused: boolean; running: number; waiting: number }[];
  };
  const lines = r.items.map(
    (q) =>
      `${q.name.padEnd(16)} ${(q.paused ? "paused" : "active").padEnd(7)} running ${String(q.running).padStart(4)}/${String(q.concurrency).padEnd(4)} waiting ${q.waiting}`,
  );
  io.out(`${lines.join("\n")}\n`);
}

/** `fluxo workers [--stopped]` — worker processes and what they run (an admin's token). */
export async function workersCmd(args: string[], io: CliIo): Promise<void> {
  const { opts, rest } = remoteOptions(args, io);
  const r = (await call(io, opts, "GET", `/api/v1/workers${rest.includes("--stopped") ? "?stopped=1" : ""}`)) as {
    items: {
      host: string;
      pid: number;
      state: string;
      queues: string[];
      concurrency: number;
      running: unknown[];
      lastBeatAt: string;
    }[];
  };
  if (r.items.length === 0) return io.out("no workers\n");
  io.out(
    `${r.items.map((w) => `${`${w.host}:${w.pid}`.padEnd(28)} ${w.state.padEnd(8)} ${String(w.running.length)}/${w.concurrency}  ${w.queues.join(",")}  last beat ${w.lastBeatAt}`).join("\n")}\n`,
  );
}
