/**
 * `npm run cluster -- [--web 2] [--workers 3] [--pgbouncer] [--scenario NAME] [--cut-seconds 30] [--clients 200]`
 *
 * Fluxo on several "hosts" of one machine: each host a Linux network namespace with its own address on
 * a bridge (net.ts), PostgreSQL and Redis on their own hosts, HAProxy in front of the web nodes,
 * optionally PgBouncer in transaction mode, and the scenarios of issue 20 run against it (scenarios*.ts).
 * Root only (namespaces); HAProxy and PgBouncer are installed with apt-get when missing, as the e2e step
 * installs Chromium. Without --scenario the cluster stays up until Ctrl-C. Whatever happens, everything
 * is torn down on exit and the teardown is checked: no namespace, veth or process left.
 *
 * Scenarios: cancel, kill-worker, cut-worker, kill-web, redis-down, split, pgbouncer, throughput, short (the one
 * `npm test` runs: cancel + kill-worker on two web nodes and two worker hosts), all (every one).
 * Exit 0 when every scenario passed, 1 when one failed, 2 when the cluster cannot be made here.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { Cluster } from "./cluster";
import { teardown } from "./net";
import { cancelAcross, cutWorkerHost, killWorkerHost, type Outcome, type ScenarioContext } from "./scenarios";
import { killWebNode, redisDown, behindPgBouncer, splitAcrossHosts, throughput } from "./scenarios-more";
import { has } from "./services";

const SCENARIOS = [
  "cancel",
  "kill-worker",
  "cut-worker",
  "kill-web",
  "redis-down",
  "split",
  "pgbouncer",
  "throughput",
] as const;
type Scenario = (typeof SCENARIOS)[number];
const GROUPS: Record<string, Scenario[]> = {
  short: ["cancel", "kill-worker"],
  all: [...SCENARIOS],
};
/** Resident memory one node takes here, measured (web: edge + Next.js; worker: worker + kernel host). */
const WEB_MB = 450;
const WORKER_MB = 350;

interface Flags {
  web: number;
  workers: number;
  pgbouncer: boolean;
  scenarios: Scenario[] | null;
  /** At least 20: a cut must outlast the recovery (a dead worker is found within 8.5 s, then its runs take seconds). */
  cutSeconds: number;
  clients: number;
}

class Refused extends Error {}

function parse(argv: string[]): Flags {
  const f: Flags = { web: 2, workers: 3, pgbouncer: false, scenarios: null, cutSeconds: 30, clients: 200 };
  const int = (name: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Refused(`--${name} must be a whole number from ${min} to ${max} (got ${v ?? "nothing"})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [k, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    const val = () => inline ?? argv[++i];
    if (k === "--web") f.web = int("web", val(), 1, 4);
    else if (k === "--workers") f.workers = int("workers", val(), 1, 8);
    else if (k === "--pgbouncer") f.pgbouncer = true;
    else if (k === "--cut-seconds") f.cutSeconds = int("cut-seconds", val(), 20, 300);
    else if (k === "--clients") f.clients = int("clients", val(), 1, 1000);
    else if (k === "--scenario") {
      const name = val() ?? "";
      const list = name
        .split(",")
        .flatMap((n) => GROUPS[n] ?? (SCENARIOS.includes(n as Scenario) ? [n as Scenario] : [null]));
      if (!name || list.includes(null))
        throw new Refused(
          `--scenario must be one of ${[...SCENARIOS, ...Object.keys(GROUPS)].join(", ")} (several: comma-separated; got ${name || "nothing"})`,
        );
      f.scenarios = list as Scenario[];
    } else
      throw new Refused(
        `unknown option ${k} (use --web N, --workers N, --pgbouncer, --scenario NAME, --cut-seconds N, --clients N)`,
      );
  }
  if (f.scenarios && f.web < 2 && f.scenarios.some((s) => s === "cancel" || s === "kill-web"))
    throw new Refused("--web must be at least 2 for the cancel and kill-web scenarios (they cross web nodes)");
  if (f.scenarios && f.workers < 2 && f.scenarios.some((s) => s.includes("worker")))
    throw new Refused(
      "--workers must be at least 2 for the kill-worker and cut-worker scenarios (runs move to another host)",
    );
  const needMb = f.web * WEB_MB + f.workers * WORKER_MB + 1024;
  const freeMb = Math.floor(os.freemem() / 2 ** 20);
  if (needMb > freeMb)
    throw new Refused(
      `${f.web} web nodes and ${f.workers} worker hosts need about ${needMb} MB; this machine has ${freeMb} MB free`,
    );
  return f;
}

/** HAProxy (and PgBouncer when asked) present, or installed with apt-get; else a Refused. */
function ensurePackages(pgbouncer: boolean): void {
  const missing = ["haproxy", ...(pgbouncer ? ["pgbouncer"] : [])].filter((p) => !has(p));
  if (!missing.length) return;
  if (!has("apt-get"))
    throw new Refused(
      `${missing.join(" and ")} not installed and no apt-get to install ${missing.length > 1 ? "them" : "it"}`,
    );
  process.stderr.write(`[cluster] installing ${missing.join(", ")} (apt-get)\n`);
  try {
    execFileSync(
      "sh",
      ["-c", `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(" ")}`],
      {
        stdio: "ignore",
      },
    );
  } catch {
    throw new Refused(`apt-get could not install ${missing.join(" and ")}`);
  }
}

/** One cluster at a time: a second one would tear the first one's namespaces down. */
const LOCK = "/run/fluxo-cluster.pid";
function takeLock(): void {
  const holder = Number(fs.readFileSync(LOCK, { encoding: "utf8", flag: "a+" }).trim());
  if (holder && holder !== process.pid) {
    try {
      process.kill(holder, 0);
      throw new Refused(`another npm run cluster (pid ${holder}) is running; wait for it or stop it`);
    } catch (e) {
      if (e instanceof Refused) throw e; // else: a stale lock from a killed run
    }
  }
  fs.writeFileSync(LOCK, String(process.pid));
  process.once("exit", () => fs.rmSync(LOCK, { force: true }));
}

const log = (l: string) => process.stderr.write(`[cluster ${new Date().toISOString().slice(11, 19)}] ${l}\n`);

async function main(): Promise<number> {
  let flags: Flags;
  try {
    if (process.getuid?.() !== 0)
      throw new Refused("npm run cluster needs root (it makes network namespaces); run it as root");
    if (!has("ip") || !has("unshare"))
      throw new Refused("npm run cluster needs iproute2 (ip) and util-linux (unshare)");
    flags = parse(process.argv.slice(2));
    ensurePackages(flags.pgbouncer || !!flags.scenarios?.includes("pgbouncer"));
    takeLock();
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    process.stderr.write(`cluster: ${e.message}\n`);
    return 2;
  }
  const stale = await teardown();
  if (stale.length) {
    process.stderr.write(`cluster: could not remove what an earlier run left: ${stale.join(", ")}\n`);
    return 2;
  }
  let cluster: Cluster | undefined;
  let stopping = false;
  const finish = async () => {
    if (stopping) return;
    stopping = true;
    log("tearing down");
    await cluster?.down().catch(() => {});
    const left = await teardown();
    if (left.length) log(`LEFT BEHIND: ${left.join(", ")}`);
    else log("teardown checked: no namespace, veth or process of the cluster is left");
    return left.length;
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.once(sig, () => void finish().then(() => process.exit(130)));
  const outcomes: Outcome[] = [];
  try {
    cluster = new Cluster({
      web: flags.web,
      workers: flags.workers,
      pgbouncer: flags.pgbouncer || !!flags.scenarios?.includes("pgbouncer"),
      pooled: flags.pgbouncer,
      log,
    });
    await cluster.up();
    for (const l of cluster.describe()) log(l);
    if (!flags.scenarios) {
      log("the cluster is up; Ctrl-C tears it down");
      await new Promise(() => {});
    }
    const x: ScenarioContext = { c: cluster, log, cutSeconds: flags.cutSeconds, clients: flags.clients };
    const run: Record<Scenario, () => Promise<Outcome>> = {
      cancel: () => cancelAcross(x),
      "kill-worker": () => killWorkerHost(x),
      "cut-worker": () => cutWorkerHost(x),
      "kill-web": () => killWebNode(x),
      "redis-down": () => redisDown(x),
      split: () => splitAcrossHosts(x),
      pgbouncer: () => behindPgBouncer(x),
      throughput: () => throughput(x),
    };
    for (const s of flags.scenarios!) {
      log(`— scenario ${s}`);
      const t0 = Date.now();
      const o = await run[s]().catch(
        (e: unknown) =>
          ({ name: s, figures: [], failures: [`crashed: ${(e as Error).stack ?? String(e)}`] }) as Outcome,
      );
      o.figures.push(["scenario time", `${((Date.now() - t0) / 1000).toFixed(0)} s`]);
      outcomes.push(o);
      log(`${o.failures.length ? "✖" : "✔"} ${o.name}`);
    }
  } catch (e) {
    log(`cluster failed: ${(e as Error).stack ?? String(e)}`);
    await finish();
    return 1;
  }
  const left = await finish();
  let failed = false;
  let out = "\n";
  for (const o of outcomes) {
    out += `${o.failures.length ? "✖" : "✔"} ${o.name}\n`;
    for (const [k, v] of o.figures) out += `    ${k.padEnd(40)} ${v}\n`;
    for (const f of o.failures) out += `    FAILED: ${f}\n`;
    failed ||= o.failures.length > 0;
  }
  out += `teardown: ${left ? `${left} thing(s) left behind` : "nothing left"}\n`;
  process.stdout.write(out);
  return failed || left ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`cluster: ${(e as Error).stack ?? String(e)}\n`);
    void teardown().finally(() => process.exit(1));
  },
);
