/**
 * The scenarios `npm run cluster -- --scenario NAME` runs on a cluster (cluster.ts). Each returns its
 * figures and its failures; a scenario with a failure fails the run. Every one ends with verifyRuns
 * (nothing lost, nothing duplicated, results equal to their recomputation).
 */
import { api, follow, longForecast, submitForecast, verdictFailures, verdictLine, verifyRuns, TERMINAL } from "./check";
import { DEAD_AFTER_MS, type Cluster } from "./cluster";
import { sleep } from "./services";

export interface Outcome {
  name: string;
  figures: [string, string][];
  failures: string[];
}

export interface ScenarioContext {
  c: Cluster;
  log: (l: string) => void;
  cutSeconds: number;
  clients: number;
}

const pctl = (xs: number[], q: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const msf = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : "—");

type RunState = { status: string; worker_id: string | null; started_at: Date | null; finished_at: Date | null };
async function runState(c: Cluster, id: string): Promise<RunState | undefined> {
  const r = await c.db.query<RunState>(
    `select status::text, worker_id, started_at, finished_at from runs where id = $1`,
    [id],
  );
  return r.rows[0];
}

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined | null | false>): Promise<T> {
  for (const until = Date.now() + ms; Date.now() < until; await sleep(50)) {
    const v = await probe();
    if (v) return v;
  }
  throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
}

/** Submit through the load balancer, stream from the other web node, cancel through the first. */
export async function cancelAcross(x: ScenarioContext, times = 5): Promise<Outcome> {
  const { c } = x;
  const token = c.tokens[1]!;
  const latencies: number[] = [];
  const ranOn = new Set<string>();
  const failures: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < times; i++) {
    const { id, via } = await submitForecast(c.lbUrl, token, longForecast(1000 + i + Math.floor(Math.random() * 1e6)));
    ids.push(id);
    const first = c.web.find((w) => w.host.name === via) ?? c.web[0]!;
    const other = c.web.find((w) => w !== first) ?? first;
    const f = follow(other.url, token, id, { timeoutMs: 120_000 });
    const st = await waitFor("the run to run on a worker host", 60_000, async () => {
      const s = await runState(c, id);
      return s?.status === "running" && s.worker_id && f.firstProgressAt ? s : undefined;
    });
    ranOn.add(c.hostOfWorker(st.worker_id) ?? "?");
    const t0 = Date.now();
    const r = await api(`${first.url}/api/v1/runs/${id}/cancel`, token, { method: "POST" });
    if (r.status >= 300) failures.push(`cancel of ${id} through ${first.host.name} answered ${r.status}`);
    await f.done;
    const dt = (f.terminalAt ?? Number.NaN) - t0;
    latencies.push(dt);
    if (f.terminal[0] !== "cancelled")
      failures.push(`run ${id} ended ${f.terminal[0] ?? "never"} on its stream, not cancelled`);
    else if (!(dt < 1000))
      failures.push(`run ${id}: cancelled seen on ${other.host.name} after ${Math.round(dt)} ms (goal < 1 s)`);
    x.log(
      `cancel ${i + 1}/${times}: submitted via ${via}, streamed from ${other.host.name}, cancelled via ${first.host.name} while ${[...ranOn].at(-1)} ran it: ${Math.round(dt)} ms`,
    );
  }
  const v = await verifyRuns(c.db, ids, 60_000);
  return {
    name: "cancel across hosts",
    figures: [
      [
        "cancel → cancelled on the other node",
        `p50 ${msf(pctl(latencies, 0.5))}, max ${msf(Math.max(...latencies))} (${times} runs)`,
      ],
      ["worker hosts that ran them", [...ranOn].join(", ")],
      ["runs", verdictLine(v)],
    ],
    failures: [...failures, ...verdictFailures(v)],
  };
}

/**
 * Two long runs per worker host, seeded from `seedBase`; resolves once one is running: the host holding
 * it, and every run that host holds (the ones a fault on it strands).
 */
async function busyHost(c: Cluster, token: string, seedBase: number) {
  const ids = await Promise.all(
    Array.from({ length: 2 * c.workers.length }, (_, i) =>
      submitForecast(c.lbUrl, token, longForecast(seedBase + i + Math.floor(Math.random() * 1e6))).then((r) => r.id),
    ),
  );
  const holding = await waitFor("a worker host holding a running run", 60_000, async () => {
    const r = await c.db.query<{ id: string; worker_id: string }>(
      `select id, worker_id from runs where id = any($1::uuid[]) and status = 'running' and worker_id is not null`,
      [ids],
    );
    return r.rows.length ? r.rows : undefined;
  });
  const host = c.hostOfWorker(holding[0]!.worker_id)!;
  return { ids, host, victims: holding.filter((r) => c.hostOfWorker(r.worker_id) === host).map((r) => r.id) };
}

/** WORKER_DEAD_AFTER_MS, then the sweep that finds it (every WORKER_DEAD_AFTER_MS / 2), then 1 s to be picked up. */
const RESTART_BOUND_MS = DEAD_AFTER_MS * 1.5 + 1000;

/** Long runs on every worker host; one host is killed (every process, kill -9); its runs finish elsewhere. */
export async function killWorkerHost(x: ScenarioContext): Promise<Outcome> {
  const { c } = x;
  const token = c.tokens[1]!;
  const failures: string[] = [];
  const { ids, host: victimHost, victims } = await busyHost(c, token, 2000);
  const node = c.workers.find((w) => w.host.name === victimHost)!;
  const t0 = Date.now();
  const killed = await node.kill9();
  x.log(`kill -9 of every process of ${victimHost} (${killed} processes) holding ${victims.length} running run(s)`);
  const ends: number[] = [];
  const restarts: number[] = [];
  const runTimes: number[] = [];
  for (const id of victims) {
    const st = await waitFor(`run ${id} to end on another host`, 180_000, async () => {
      const s = await runState(c, id);
      return s && TERMINAL.has(s.status) ? s : undefined;
    });
    const ended = (st.finished_at?.getTime() ?? Date.now()) - t0;
    const restarted = (st.started_at?.getTime() ?? Number.NaN) - t0; // the attempt that finished
    ends.push(ended);
    restarts.push(restarted);
    runTimes.push(ended - restarted);
    const on = c.hostOfWorker(st.worker_id);
    if (st.status !== "succeeded") failures.push(`run ${id} ended ${st.status}`);
    if (on === victimHost) failures.push(`run ${id} ended on the killed host ${victimHost}`);
    // Found dead once its last beat is WORKER_DEAD_AFTER_MS old, by the next sweep (every
    // WORKER_DEAD_AFTER_MS / 2 here), then taken at the next poll: the bound on the restart.
    if (!(restarted > 0 && restarted <= RESTART_BOUND_MS))
      failures.push(
        `run ${id} started again ${Math.round(restarted)} ms after the kill (bound ${RESTART_BOUND_MS} ms)`,
      );
  }
  await node.start();
  x.log(`${victimHost} started again`);
  const v = await verifyRuns(c.db, ids);
  return {
    name: "kill -9 of a worker host",
    figures: [
      ["runs held by the killed host", String(victims.length)],
      [
        "kill → running on another host → ended",
        victims
          .map(
            (_, i) =>
              `${(restarts[i]! / 1000).toFixed(1)} s → ${(ends[i]! / 1000).toFixed(1)} s (run time ${(runTimes[i]! / 1000).toFixed(1)} s)`,
          )
          .join("; ") + ` — restart bound ${RESTART_BOUND_MS / 1000} s`,
      ],
      ["runs", verdictLine(v)],
    ],
    failures: [...failures, ...verdictFailures(v)],
  };
}

/** One worker host's link is cut: its runs are recovered elsewhere; back, its late writes are refused and it works again. */
export async function cutWorkerHost(x: ScenarioContext): Promise<Outcome> {
  const { c } = x;
  const token = c.tokens[1]!;
  const failures: string[] = [];
  const { ids, host: cutHost, victims } = await busyHost(c, token, 3000);
  const host = c.workers.find((w) => w.host.name === cutHost)!.host;
  const t0 = Date.now();
  host.link(false);
  x.log(`link of ${cutHost} down for ${x.cutSeconds} s; it holds ${victims.length} running run(s)`);
  const recovered: number[] = [];
  const snapshot = new Map<string, string>();
  try {
    for (const id of victims) {
      const st = await waitFor(
        `run ${id} to end elsewhere while ${cutHost} is cut off`,
        x.cutSeconds * 1000,
        async () => {
          const s = await runState(c, id);
          return s && TERMINAL.has(s.status) ? s : undefined;
        },
      );
      recovered.push((st.finished_at?.getTime() ?? Date.now()) - t0);
      if (c.hostOfWorker(st.worker_id) === cutHost) failures.push(`run ${id} ended on the cut host`);
    }
  } catch (e) {
    failures.push((e as Error).message);
  }
  const fingerprint = async (id: string) =>
    JSON.stringify(
      (
        await c.db.query(
          `select status, worker_id, attempt, finished_at, md5(coalesce(result::text, '')) r,
                  (select max(seq) from run_events e where e.run_id = runs.id) seq from runs where id = $1`,
          [id],
        )
      ).rows[0],
    );
  for (const id of victims) snapshot.set(id, await fingerprint(id));
  await sleep(Math.max(0, t0 + x.cutSeconds * 1000 - Date.now()));
  host.link(true);
  const t1 = Date.now();
  x.log(`link of ${cutHost} up again`);
  // the cut host's attempts end now (their kernels finished long ago): their writes must not land
  await sleep(10_000);
  for (const id of victims)
    if ((await fingerprint(id)) !== snapshot.get(id))
      failures.push(`run ${id} changed after ${cutHost} came back: a late write landed`);
  // it rejoins: beats again and takes new work
  let rejoinedMs = Number.NaN;
  const fresh: string[] = [];
  try {
    await waitFor(`${cutHost} to beat again`, 60_000, async () => {
      const r = await c.db.query(`select 1 from workers where host = $1 and last_beat_at > $2 and stopped_at is null`, [
        cutHost,
        new Date(t1),
      ]);
      return r.rowCount ? true : undefined;
    });
    await waitFor(`${cutHost} to take a new run`, 90_000, async () => {
      const batch = await Promise.all(
        Array.from({ length: 3 * c.workers.length }, (_, i) =>
          submitForecast(c.lbUrl, token, longForecast(4000 + i + Math.floor(Math.random() * 1e6), 40_000)).then(
            (r) => r.id,
          ),
        ),
      );
      fresh.push(...batch);
      await verifyRuns(c.db, batch, 60_000);
      const r = await c.db.query<{ worker_id: string }>(`select worker_id from runs where id = any($1::uuid[])`, [
        batch,
      ]);
      return r.rows.some((w) => c.hostOfWorker(w.worker_id) === cutHost) ? true : undefined;
    });
    rejoinedMs = Date.now() - t1;
  } catch (e) {
    failures.push((e as Error).message);
  }
  const v = await verifyRuns(c.db, [...ids, ...fresh]);
  return {
    name: `link of a worker host cut for ${x.cutSeconds} s`,
    figures: [
      ["runs held by the cut host", String(victims.length)],
      ["cut → ended on another host", recovered.map((e) => `${(e / 1000).toFixed(1)} s`).join(", ") || "—"],
      [
        "late writes after the link returned",
        failures.some((f) => f.includes("late write")) ? "LANDED" : "refused (rows unchanged)",
      ],
      [
        "link up → took new work (after a 10 s watch)",
        Number.isFinite(rejoinedMs) ? `${(rejoinedMs / 1000).toFixed(1)} s` : "—",
      ],
      ["runs", verdictLine(v)],
    ],
    failures: [...failures, ...verdictFailures(v)],
  };
}
