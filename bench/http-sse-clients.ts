/**
 * Child process of bench/http.bench.ts (SSE fan-out): EventSource-style clients, each an HTTP/1.1
 * connection of its own (node:http, no agent) doing GET /api/runs/:id/events with the bearer token and
 * parsing the frames. Not run by hand.
 *
 * IPC: `{ type: "open", url, token, runIds, perRun }` opens `perRun` streams for each run (50 connects
 * in flight at a time) and answers `{ type: "opened", ok, failed, errors }`; then every `progress`
 * frame of stage "tick" counts once per client and tick, its lag being receive time − the event's `at`
 * (same machine, same clock). When every stream has ended (the run's terminal status closes it) or on
 * `{ type: "collect" }`, it answers `{ type: "result", ... }` with a lag histogram (1 ms buckets) and
 * exits on `{ type: "stop" }` (or when the parent goes away).
 */
import http from "node:http";
import { SseParser, type SseFrame } from "../src/cli/sse";

const send = (m: unknown) => process.send?.(m);
process.on("uncaughtException", (e) => send({ type: "error", message: e.stack ?? e.message }));
process.on("disconnect", () => process.exit(0));

interface Client {
  runId: string;
  req?: http.ClientRequest;
  ticks: Set<string>;
  ended: boolean;
}

const clients: Client[] = [];
const lagHist = new Map<number, number>();
const errors = new Map<string, number>();
let delivered = 0;
let duplicates = 0;
let frames = 0;
let bytes = 0;
let cpu0 = process.cpuUsage();
let wall0 = performance.now();
const error = (kind: string) => errors.set(kind, (errors.get(kind) ?? 0) + 1);

function onFrame(c: Client, frame: SseFrame, at: number) {
  frames++;
  if (frame.event === "end") return;
  const data = frame.data;
  if (!data) return;
  let m: { type?: string; stage?: string | null; message?: string | null; at?: string };
  try {
    m = JSON.parse(data) as typeof m;
  } catch {
    return error("bad_json");
  }
  if (m.type !== "progress" || m.stage !== "tick" || !m.message || !m.at) return;
  if (c.ticks.has(m.message)) return void duplicates++;
  c.ticks.add(m.message);
  delivered++;
  const lag = Math.max(0, Math.round(at - Date.parse(m.at)));
  lagHist.set(lag, (lagHist.get(lag) ?? 0) + 1);
}

let settled = 0;
let onAllEnded = () => {};
function ended(c: Client, kind?: string) {
  if (c.ended) return;
  c.ended = true;
  if (kind) error(kind);
  if (++settled === clients.length) onAllEnded();
}

function open(url: string, token: string, c: Client): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(
      `${url}/api/runs/${c.runId}/events`,
      { agent: false, headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          ended(c, `http_${res.statusCode}`);
          return resolve(false);
        }
        resolve(true);
        res.setEncoding("utf8");
        const sse = new SseParser();
        res.on("data", (chunk: string) => {
          const at = Date.now();
          bytes += chunk.length;
          for (const frame of sse.push(chunk)) onFrame(c, frame, at);
        });
        res.on("end", () => ended(c));
        res.on("error", () => ended(c, "stream_error"));
        res.on("aborted", () => ended(c, "stream_aborted"));
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => {
      ended(c, `net_${e.code ?? "error"}`);
      resolve(false);
    });
    c.req = req;
  });
}

function result() {
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  return {
    type: "result",
    clients: clients.length,
    endedStreams: settled,
    delivered,
    duplicates,
    frames,
    bytes,
    lagHist: [...lagHist.entries()],
    errors: Object.fromEntries(errors),
    cpuShare: (cpu.user + cpu.system) / 1000 / wallMs, // of one core, since the go
  };
}

process.on(
  "message",
  (m: { type: string; url?: string; token?: string; runIds?: string[]; perRun?: number; startAt?: number }) => {
    if (m.type === "open") {
      for (const runId of m.runIds!)
        for (let k = 0; k < m.perRun!; k++) clients.push({ runId, ticks: new Set(), ended: false });
      void (async () => {
        let ok = 0;
        for (let i = 0; i < clients.length; i += 50) {
          const r = await Promise.all(clients.slice(i, i + 50).map((c) => open(m.url!, m.token!, c)));
          ok += r.filter(Boolean).length;
        }
        send({ type: "opened", ok, failed: clients.length - ok, errors: Object.fromEntries(errors) });
      })();
    } else if (m.type === "go") {
      cpu0 = process.cpuUsage();
      wall0 = performance.now();
      onAllEnded = () => send(result());
      if (settled === clients.length) onAllEnded();
    } else if (m.type === "collect") {
      onAllEnded = () => {};
      send(result());
    } else if (m.type === "stop") {
      for (const c of clients) c.req?.destroy();
      process.exit(0);
    }
  },
);
send({ type: "up" });
