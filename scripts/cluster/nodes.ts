/**
 * Fluxo's own processes in the cluster: a web node (`dist/launcher/start.mjs --web-only`: the edge on
 * :3000 and Next.js on the host's loopback) or a worker host (`--worker-only`), each in its host's
 * namespace with the host's name as its hostname (a UTS namespace of its own, so the console and the
 * `workers` table name the host), run from the bundles `npm start` runs.
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Host } from "./net";
import { printed } from "../lib/instance";
import { sleep } from "./services";

export type NodeKind = "web" | "worker";

export class FluxoNode {
  child?: ChildProcess;
  private exited?: Promise<void>;
  constructor(
    readonly host: Host,
    readonly kind: NodeKind,
    private env: Record<string, string>,
    private readonly logPath: string,
  ) {}

  get url(): string {
    return `http://${this.host.ip}:3000`;
  }

  /** Start (again) with `env` changed by `patch`; resolves once it is up. */
  async start(o: { build?: boolean; patch?: Record<string, string | undefined>; timeoutMs?: number } = {}) {
    for (const [k, v] of Object.entries(o.patch ?? {})) {
      if (v === undefined) delete this.env[k];
      else this.env[k] = v;
    }
    fs.mkdirSync(path.dirname(this.logPath), { recursive: true });
    const out = fs.createWriteStream(this.logPath, { flags: "a" });
    const args = [
      "--uts",
      "sh",
      "-c",
      'hostname "$0" && exec "$@"',
      this.host.name,
      process.execPath,
      "--enable-source-maps",
      "dist/launcher/start.mjs",
      this.kind === "web" ? "--web-only" : "--worker-only",
      ...(o.build ? [] : ["--no-build"]),
    ];
    const child = this.host.spawn("unshare", args, {
      env: { ...process.env, ...this.env, FLUXO_DATA_DIR: `.data/cluster/${this.host.name}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    child.stdout!.pipe(out, { end: false });
    child.stderr!.pipe(out, { end: false });
    this.exited = new Promise((r) => child.once("exit", () => (out.end(), r())));
    const readyLine = this.kind === "web" ? "Fluxo is running at" : "Fluxo worker is running";
    const ready = await printed(child, readyLine, this.exited, o.timeoutMs ?? 300_000);
    if (!ready) {
      await this.kill9();
      throw new Error(`${this.kind} node on ${this.host.name} did not start (see ${this.logPath})`);
    }
  }

  usesBouncer(): boolean {
    return this.env.DATABASE_DIRECT_URL !== undefined;
  }

  async ensureStarted(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    await this.start();
  }

  /** kill -9 of every process of the host (the launcher, the edge or worker, Next, kernel threads' host). */
  async kill9(): Promise<number> {
    const pids = this.host.pids();
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    await Promise.race([this.exited, sleep(5000)]);
    for (let i = 0; i < 50 && this.host.pids().length; i++) await sleep(100);
    return pids.length;
  }

  /** A clean stop (SIGTERM to the launcher: it stops its children), kill -9 after 20 s. */
  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    c.kill("SIGTERM");
    const gone = await Promise.race([this.exited!.then(() => true), sleep(20_000).then(() => false)]);
    if (!gone || this.host.pids().length) await this.kill9();
  }
}
