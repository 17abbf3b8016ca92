/**
 * A Fluxo instance for the tools that drive one from outside (`npm run load`, `npm run chaos`, the HTTP
 * benches): free ports, the launcher as a child process, and an account + API token made through the
 * real sign-up flow. Nothing here is imported by the app.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/** A TCP port free on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Real sign-up (better-auth), then an API token the way /account makes one (tRPC with cookie + CSRF). */
export async function makeAccountToken(url: string, label: string): Promise<string> {
  const email = `load.${label}.${randomBytes(4).toString("hex")}@example.com`;
  const up = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ name: `load ${label}`, email, password: "load test correct horse" }),
  });
  if (!up.ok) throw new Error(`sign-up of ${email} answered ${up.status}: ${(await up.text()).slice(0, 200)}`);
  const cookie = up.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const page = await fetch(`${url}/account`, { headers: { cookie } });
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error(`no csrf-token on /account (status ${page.status}); is the session cookie accepted?`);
  const made = await fetch(`${url}/api/trpc/accounts.createToken`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf, origin: url },
    body: JSON.stringify({ name: "load test" }),
  });
  const body = (await made.json().catch(() => null)) as { result?: { data?: { token?: string } } } | null;
  const token = body?.result?.data?.token;
  if (!made.ok || !token) throw new Error(`accounts.createToken answered ${made.status}`);
  return token;
}

/** Resolves true once `child` prints `line` (stdout or stderr), false when it exits first or after `timeoutMs`. */
export function printed(
  child: ChildProcess,
  line: string,
  exited: Promise<unknown>,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let buf = "";
    const onData = (d: Buffer) => {
      buf = (buf + d.toString()).slice(-8192);
      if (buf.includes(line)) resolve(true);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then(() => resolve(false));
    setTimeout(() => resolve(false), timeoutMs).unref();
  });
}

export interface Launched {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** SIGTERM (the launcher stops its children), then wait for the exit. */
  stop(): Promise<void>;
}

/**
 * `src/launcher/start.ts` with `args` (e.g. --web-only, --no-build) as a child, output to `logPath`;
 * resolves once it prints "Fluxo is running at" (web) or, with `readyLine`, that line instead.
 * PORT/HOST/FLUXO_URL are set from a free port; `env` is applied over the current environment.
 */
export async function launch(o: {
  env: Record<string, string | undefined>;
  args?: string[];
  logPath: string;
  readyLine?: string;
  port?: number;
  timeoutMs?: number;
}): Promise<Launched> {
  const port = o.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  fs.mkdirSync(path.dirname(o.logPath), { recursive: true });
  const out = fs.createWriteStream(o.logPath, { flags: "a" });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
    HOST: "127.0.0.1",
    FLUXO_URL: url,
    ...o.env,
  };
  delete env.FLUXO_TOKEN;
  const child = spawn(process.execPath, ["--import", "tsx", "src/launcher/start.ts", ...(o.args ?? [])], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    out.end();
  };
  const ok = await printed(child, o.readyLine ?? "Fluxo is running at", exited, o.timeoutMs ?? 600_000);
  if (!ok) {
    await stop();
    throw new Error(`the instance did not start (see ${o.logPath})`);
  }
  return { url, child, exited, stop };
}
