/**
 * `npm run load`: N simulated users against a Fluxo instance for a bounded time (issue 10, item 2).
 *
 *   npm run load -- [--users 100] [--duration 60s] [--cancel-share 0.1] [--url URL --token fxt_…]
 *                   [--accounts 1] [--stall-timeout 30s] [--grace 30s] [--run-timeout 120s]
 *                   [--trials-min 10000] [--trials-max 200000] [--strict-429] [--json] [--no-build] [--no-warmup]
 *
 * Each user loops until --duration is up: submit a small, varied forecast (POST /api/v1/forecasts/when),
 * follow its server-sent events (GET /api/runs/:id/events, resuming from Last-Event-ID when the stream
 * drops), and for a --cancel-share of its runs ask for a cancel mid-run (POST /api/v1/runs/:id/cancel).
 * Afterwards every submitted run is read back (GET /api/v1/runs/:id) until it is terminal or --grace
 * is over. Exit code 1 on any 5xx, a lost run (missing, or not terminal after the grace period), a
 * duplicated result (one run id handed out twice, or two terminal events for one run, or an SSE end
 * state that the run record contradicts), or a deadlock (no message on any stream for --stall-timeout
 * while runs are active); 429s are their own kind and fail only with --strict-429. Exit 2: bad flags.
 *
 * Without --url/FLUXO_URL it starts its own instance (as e2e/serve.ts does): a fresh `fluxo_load`
 * database (local Postgres, else embedded in .data/pg-load), the launcher on a free port with the
 * submission rate limit raised, an account made through the real sign-up flow and an API token made
 * the way the /account page does (tRPC `accounts.createToken` with the session cookie and CSRF token);
 * it is stopped at the end. With --url and no token, --accounts accounts are signed up on that instance.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { launch, makeAccountToken } from "./lib/instance";
import { callJson, ms, outcomes, pct, Tally, user, verify, type Shared } from "./lib/load-core";

// ---------------------------------------------------------------- flags

/** The opening rush: every user submits its first run within these first milliseconds. */
const RUSH_MS = 10_000;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const toMs = (v: string): number => {
  const m = DURATION.exec(v.trim())!;
  const n = Number(m[1]);
  return Math.round(m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000);
};
const duration = (flag: string, min: number, max: number) =>
  z
    .string()
    .regex(DURATION, `${flag} must be a duration such as 500ms, 30s or 2m`)
    .transform(toMs)
    .refine((ms) => ms >= min && ms <= max, `${flag} must be between ${min / 1000} s and ${max / 1000} s`);
const whole = (flag: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${flag} must be a number` })
    .int(`${flag} must be a whole number`)
    .min(min, `${flag} must be at least ${min}`)
    .max(max, `${flag} must be at most ${max}`);

const ZFlagShape = {
  users: whole("--users", 1, 10_000).default(100),
  duration: duration("--duration", 1000, 3_600_000).default(60_000),
  "cancel-share": z.coerce
    .number({ error: "--cancel-share must be a number" })
    .min(0, "--cancel-share must be at least 0")
    .max(1, "--cancel-share must be at most 1 (a fraction: 0.1 is 10 %)")
    .default(0.1),
  url: z
    .url({ error: "--url must be an http(s) URL", protocol: /^https?$/ })
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  token: z.string().min(1, "--token must not be empty").optional(),
  accounts: whole("--accounts", 1, 100).default(1),
  "stall-timeout": duration("--stall-timeout", 1000, 600_000).default(30_000),
  grace: duration("--grace", 0, 600_000).default(30_000),
  "run-timeout": duration("--run-timeout", 1000, 3_600_000).default(120_000),
  "trials-min": whole("--trials-min", 1, 10_000_000).default(10_000),
  "trials-max": whole("--trials-max", 1, 10_000_000).default(200_000),
  "strict-429": z.boolean().default(false),
  json: z.boolean().default(false),
  "no-build": z.boolean().default(false),
  "no-warmup": z.boolean().default(false),
};
const ZFlags = z.strictObject(ZFlagShape).refine((f) => f["trials-min"] <= f["trials-max"], {
  message: "--trials-min must be at most --trials-max",
  path: ["trials-min"],
});
type Flags = z.output<typeof ZFlags>;
const BOOLEAN = new Set(["strict-429", "json", "no-build", "no-warmup"]);

function parseFlags(argv: string[], envUrl?: string, envToken?: string): Flags {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) throw new Error(`unexpected argument "${a}" (flags look like --users 100)`);
    const eq = a.indexOf("=");
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (!Object.hasOwn(ZFlagShape, name)) throw new Error(`unknown flag --${name}`);
    if (BOOLEAN.has(name)) raw[name] = true;
    else {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new Error(`--${name} needs a value`);
      raw[name] = v;
    }
  }
  raw.url ??= envUrl || undefined;
  raw.token ??= envToken || undefined;
  const r = ZFlags.safeParse(raw);
  if (!r.success) throw new Error(r.error.issues.map((i) => i.message).join("\n"));
  if (r.data.token && !r.data.url) throw new Error("--token (or FLUXO_TOKEN) needs --url (or FLUXO_URL)");
  return r.data;
}

// ---------------------------------------------------------------- own instance

interface Instance {
  url: string;
  stop(): Promise<void>;
}

async function startInstance(flags: Flags, log: (l: string) => void): Promise<Instance> {
  const { prepareTestDatabase } = await import("../src/test/test-database");
  const db = await prepareTestDatabase("fluxo_load", ".data/pg-load");
  const logPath = path.resolve(".data/load-instance.log");
  fs.rmSync(logPath, { force: true });
  log(`starting Fluxo (database ${db.url.replace(/\/\/[^@]*@/, "//")}; log in ${logPath})`);
  try {
    const l = await launch({
      env: {
        DATABASE_URL: db.url,
        RATE_LIMIT_SUBMIT_PER_MIN: "100000",
        RATE_LIMIT_SIGNIN_PER_MIN: "10000",
        LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      },
      args: flags["no-build"] ? ["--no-build"] : [],
      logPath,
    });
    log(`Fluxo is up at ${l.url}`);
    return { url: l.url, stop: async () => (await l.stop(), await db.stop()) };
  } catch (e) {
    await db.stop();
    throw e;
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  let flags: Flags;
  try {
    flags = parseFlags(process.argv.slice(2), process.env.FLUXO_URL, process.env.FLUXO_TOKEN);
  } catch (e) {
    process.stderr.write(`load: ${(e as Error).message}\n`);
    return 2;
  }
  const log = (l: string) => process.stderr.write(`[load] ${l}\n`);
  let instance: Instance | undefined;
  const tally = new Tally();
  const s: Shared = {
    flags,
    target: { url: "", tokens: [] },
    tally,
    runs: new Map(),
    active: new Set(),
    lastMessageAt: Date.now(),
    stopAt: 0,
    abort: new AbortController(),
  };
  const onSignal = () => {
    log("interrupted: stopping");
    s.abort.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let deadlock = false;
  let testMs = 0;
  let loadStart = 0;
  try {
    if (!flags.url) instance = await startInstance(flags, log);
    const url = flags.url ?? instance!.url;
    const tokens = flags.token
      ? [flags.token]
      : await Promise.all(Array.from({ length: flags.accounts }, (_, i) => makeAccountToken(url, `u${i}`)));
    s.target = { url, tokens };
    log(
      `${flags.users} users, ${flags.duration / 1000} s, cancel share ${flags["cancel-share"]}, ` +
        `${tokens.length} account(s), against ${url}`,
    );

    const notCounted = new Set<string>();
    if (!flags["no-warmup"]) {
      // A running deployment has served its routes before: the first request to a route loads its
      // modules (seconds on 2 cores). One submission, followed to its end, is not counted.
      const w0 = Date.now();
      const r = await callJson<{ runId: string }>({
        url: `${url}/api/v1/forecasts/when`,
        token: tokens[0]!,
        method: "POST",
        body: { samples: [1, 2, 3], backlog: 5, trials: 1000 },
      });
      notCounted.add(r.runId); // made just before the load's window opens: not an orphan of it
      for (let i = 0; i < 300; i++) {
        const run = await callJson<{ status: string }>({ url: `${url}/api/v1/runs/${r.runId}`, token: tokens[0]! });
        if (["succeeded", "failed", "cancelled", "dead"].includes(run.status)) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      log(`warm-up submission ended after ${Date.now() - w0} ms (not counted; --no-warmup to skip it)`);
    }
    const t0 = Date.now();
    loadStart = t0;
    s.stopAt = t0 + flags.duration;
    s.lastMessageAt = t0;
    const watchdog = setInterval(() => {
      const quiet = Date.now() - s.lastMessageAt;
      if (s.active.size > 0 && quiet >= flags["stall-timeout"] && !deadlock) {
        deadlock = true;
        tally.error(
          "deadlock",
          `no message on any of ${s.active.size} active stream(s) for ${Math.round(quiet / 1000)} s`,
        );
        s.abort.abort();
      }
      if (!flags.json)
        log(
          `t=${Math.round((Date.now() - t0) / 1000)}s submitted ${tally.accepted}, following ${s.active.size}, ` +
            `errors ${[...tally.errors.values()].reduce((a, b) => a + b, 0)}`,
        );
    }, 5000);
    await Promise.all(Array.from({ length: flags.users }, (_, i) => user(s, i)));
    testMs = Date.now() - t0;
    clearInterval(watchdog);
    if (!s.abort.signal.aborted || deadlock) {
      log(
        `load phase over after ${(testMs / 1000).toFixed(1)} s; verifying ${s.runs.size} runs (grace ${flags.grace / 1000} s)`,
      );
      await verify(s, t0 - 5000, log, notCounted);
    }
  } catch (e) {
    log(`cannot run: ${(e as Error).message}`);
    await instance?.stop().catch(() => {});
    return 1;
  }
  await instance?.stop().catch((e: unknown) => log(`instance did not stop cleanly: ${String(e)}`));

  // ---- outcomes
  const { lost, duplicated, statuses } = outcomes(s);
  const http5xx = [...tally.errors].filter(([k]) => /^http_5\d\d$/.test(k)).reduce((a, [, v]) => a + v, 0);
  const n429 = tally.errors.get("http_429") ?? 0;
  const reasons = [
    http5xx ? `${http5xx} HTTP 5xx` : "",
    lost ? `${lost} lost run(s)` : "",
    duplicated ? `${duplicated} duplicated result(s)` : "",
    deadlock ? "deadlock" : "",
    flags["strict-429"] && n429 ? `${n429} HTTP 429 (--strict-429)` : "",
    s.abort.signal.aborted && !deadlock ? "interrupted" : "",
  ].filter(Boolean);

  const terminal = tally.terminalMs.length;
  const report = {
    url: s.target.url,
    ownInstance: !flags.url,
    users: flags.users,
    durationS: flags.duration / 1000,
    loadPhaseS: +(testMs / 1000).toFixed(1),
    submissions: tally.submitted,
    accepted: tally.accepted,
    orphans: [...s.runs.values()].filter((r) => r.orphan).length,
    fromCache: tally.fromCache,
    succeeded: tally.succeeded,
    failed: tally.failed,
    cancelRequested: tally.cancelRequested,
    cancelHonoured: tally.cancelHonoured,
    cancelTooLate: tally.cancelTooLate,
    finalStatuses: Object.fromEntries(statuses),
    errors: Object.fromEntries(tally.errors),
    lost,
    duplicated,
    deadlock,
    latencyMs: {
      submit: { p50: pct(tally.submitMs, 0.5), p95: pct(tally.submitMs, 0.95), p99: pct(tally.submitMs, 0.99) },
      // every user's first submission arrives within the first seconds (the stagger is ≤ 2 s): the
      // opening rush, apart from the steady state that follows
      ...(() => {
        const rush = (i: number) => tally.submitAt[i]! - loadStart < RUSH_MS;
        const opening = tally.submitMs.filter((_, i) => rush(i));
        const steady = tally.submitMs.filter((_, i) => !rush(i));
        return {
          submitOpening: { n: opening.length, p50: pct(opening, 0.5), p95: pct(opening, 0.95) },
          submitSteady: { n: steady.length, p50: pct(steady, 0.5), p95: pct(steady, 0.95) },
        };
      })(),
      firstProgress: {
        p50: pct(tally.firstProgressMs, 0.5),
        p95: pct(tally.firstProgressMs, 0.95),
        runs: tally.firstProgressMs.length,
      },
      terminal: { p50: pct(tally.terminalMs, 0.5), p95: pct(tally.terminalMs, 0.95) },
    },
    runsPerS: testMs ? +(terminal / (testMs / 1000)).toFixed(2) : 0,
    problems: tally.problems,
    ok: reasons.length === 0,
    failures: reasons,
  };
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const L = report.latencyMs;
    const rows: [string, string][] = [
      ["target", `${report.url}${report.ownInstance ? " (own instance)" : ""}`],
      ["users / duration", `${report.users} / ${report.durationS} s (load phase ${report.loadPhaseS} s)`],
      [
        "submissions (accepted)",
        `${report.submissions} (${report.accepted} accepted, ${report.fromCache} from cache; ${report.orphans} queued though the submit failed here)`,
      ],
      ["succeeded / failed", `${report.succeeded} / ${report.failed}`],
      [
        "cancels requested / honoured / too late",
        `${report.cancelRequested} / ${report.cancelHonoured} / ${report.cancelTooLate}`,
      ],
      [
        "final statuses",
        Object.entries(report.finalStatuses)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "—",
      ],
      [
        "errors by kind",
        Object.entries(report.errors)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ") || "none",
      ],
      ["submit p50 / p95 / p99", `${ms(L.submit.p50)} / ${ms(L.submit.p95)} / ${ms(L.submit.p99)}`],
      [
        `  sent in the first ${RUSH_MS / 1000} s / after, p50 / p95`,
        `${L.submitOpening.n}: ${ms(L.submitOpening.p50)} / ${ms(L.submitOpening.p95)}; ` +
          `${L.submitSteady.n}: ${ms(L.submitSteady.p50)} / ${ms(L.submitSteady.p95)}`,
      ],
      [
        "submit → first progress p50 / p95",
        `${ms(L.firstProgress.p50)} / ${ms(L.firstProgress.p95)} (${tally.firstProgressMs.length} runs sent progress)`,
      ],
      ["submit → terminal p50 / p95", `${ms(L.terminal.p50)} / ${ms(L.terminal.p95)}`],
      ["runs/s (ended on their stream)", String(report.runsPerS)],
      ["lost / duplicated / deadlock", `${lost} / ${duplicated} / ${deadlock ? "yes" : "no"}`],
    ];
    const w = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n")}\n`);
    if (tally.problems.length) process.stdout.write(`\nfirst problems:\n  ${tally.problems.join("\n  ")}\n`);
    process.stdout.write(`\n${reasons.length ? `FAIL: ${reasons.join("; ")}` : "OK"}\n`);
  }
  return reasons.length ? 1 : 0;
}

process.exit(await main());
