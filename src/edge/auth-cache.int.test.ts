/**
 * Two web processes (the real edge, each its own Node process) cache bearer tokens' accounts, and a
 * revocation made elsewhere (here: the tRPC procedure in the test process, as the browser's token page
 * calls it) makes the token fail on both within 1 s — over Redis when REDIS_URL is set, else Postgres
 * NOTIFY. A change written behind the cache's back (no message) is still served from the cache: the
 * cache is real, and the message is what ends it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Caller, startHarness, uniqueEmail, type Harness } from "@/test/http-harness";

let h: Harness;
let user: Caller;
const nodes: { url: string; child: ChildProcess; log: string[] }[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startNode(): Promise<(typeof nodes)[number]> {
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "src/edge/main.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      FLUXO_NEXT_URL: "http://127.0.0.1:9", // no Next behind: only the API is used here
      FLUXO_PROCESS: "web",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => log.push(String(d)));
  child.stderr!.on("data", (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`web process exited: ${log.join("")}`);
    try {
      if ((await fetch(`${url}/api/health/live`)).ok) return { url, child, log };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`web process did not answer: ${log.join("")}`);
}

async function newToken(name: string): Promise<{ token: string; id: string }> {
  const r = await user.trpcMutation("accounts.createToken", { name });
  const d = (r.body as { result: { data: { token: string; info: { id: string } } } }).result.data;
  return { token: d.token, id: d.info.id };
}

const me = (url: string, token: string) =>
  fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

beforeAll(async () => {
  h = await startHarness("fluxo_test_auth_cache");
  user = new Caller(h);
  await user.signUp(uniqueEmail("cache"));
  nodes.push(...(await Promise.all([startNode(), startNode()])));
}, 90_000);

afterAll(async () => {
  for (const n of nodes) n.child.kill("SIGTERM");
  await Promise.all(
    nodes.map((n) => new Promise((r) => (n.child.exitCode !== null ? r(null) : n.child.once("exit", r)))),
  );
  await h?.close();
});

/** Ask until both nodes have subscribed and cached the token (the first answers bypass the cache). */
async function warm(token: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    for (const n of nodes) expect(await me(n.url, token)).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("token cache across web processes", () => {
  it("a token revoked on one node fails on every node within 1 s; other tokens keep working", async () => {
    const a = await newToken("a");
    const b = await newToken("b");
    await warm(a.token);
    await warm(b.token);

    const r = await user.trpcMutation("accounts.revokeToken", { id: a.id });
    expect(r.status).toBe(200);
    const t0 = Date.now();
    const failedAfter = await Promise.all(
      nodes.map(async (n) => {
        while (Date.now() - t0 < 5000) {
          if ((await me(n.url, a.token)) === 401) return Date.now() - t0;
          await new Promise((res) => setTimeout(res, 20));
        }
        return Infinity;
      }),
    );
    for (const ms of failedAfter) expect(ms).toBeLessThan(1000);
    for (const n of nodes) expect(await me(n.url, b.token)).toBe(200);
  });

  it("a revocation written behind the cache's back (no message) is still served from the cache", async () => {
    const c = await newToken("c");
    await warm(c.token);
    const client = new pg.Client({ connectionString: h.db.url });
    await client.connect();
    try {
      await client.query("update api_tokens set revoked_at = now() where id = $1", [c.id]);
    } finally {
      await client.end();
    }
    for (const n of nodes) expect(await me(n.url, c.token)).toBe(200);
    // …and the message alone ends it, on every node.
    const { publishAuthChange } = await import("@/accounts/token-cache");
    await publishAuthChange({ tokenId: c.id });
    await new Promise((res) => setTimeout(res, 300));
    for (const n of nodes) expect(await me(n.url, c.token)).toBe(401);
  });
});
