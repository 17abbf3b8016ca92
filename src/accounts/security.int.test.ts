/**
 * Accounts and ownership through every door: tRPC, the HTTP API and the SSE stream, on real route
 * handlers, real Postgres (and Redis when REDIS_URL is set). The CLI's door is covered end to end
 * in e2e/security.spec.ts against the running server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Caller, startHarness, uniqueEmail, type Harness } from "@/test/http-harness";

const SUBMIT_LIMIT = 6;
const SIGNIN_LIMIT = 4;
let h: Harness;
let admin: Caller, alice: Caller, bob: Caller;
let aliceRun: string;
let orphanRun: string;
const forecast = { samples: [3, 5, 4, 6, 2, 5], backlog: 40, trials: 2000, seed: 7 };

async function sql<T extends pg.QueryResultRow>(q: string, args: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: h.db.url });
  await c.connect();
  try {
    return (await c.query<T>(q, args)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  h = await startHarness("fluxo_test_accounts", {
    RATE_LIMIT_SUBMIT_PER_MIN: String(SUBMIT_LIMIT),
    RATE_LIMIT_SIGNIN_PER_MIN: String(SIGNIN_LIMIT),
    AUTH_ALLOW_SIGNUP: "true",
  });
  // A run from before accounts existed: no owner.
  const { enqueue } = await import("@/runs/enqueue");
  const { forecastWhenTask } = await import("@/features/forecast/forecast.task");
  orphanRun = (await enqueue(forecastWhenTask, { ...forecast, periodDays: 7, percentiles: [50, 85, 95] } as never)).id;
  admin = new Caller(h);
  alice = new Caller(h);
  bob = new Caller(h);
});

afterAll(async () => {
  await h?.close();
});

describe("accounts", () => {
  it("makes the first account admin, gives it the runs from before accounts, and later ones plain users", async () => {
    expect((await admin.signUp(uniqueEmail("root"))).status).toBe(200);
    expect((await alice.signUp(uniqueEmail("alice"))).status).toBe(200);
    expect((await bob.signUp(uniqueEmail("bob"))).status).toBe(200);
    expect(
      ((await admin.trpcQuery("accounts.me")).body as { result: { data: { role: string } } }).result.data.role,
    ).toBe("admin");
    expect(
      ((await alice.trpcQuery("accounts.me")).body as { result: { data: { role: string } } }).result.data.role,
    ).toBe("user");
    const [row] = await sql<{ owner: string | null }>("select owner_id as owner from runs where id = $1", [orphanRun]);
    const [root] = await sql<{ id: string }>("select id from users where role = 'admin'");
    expect(row!.owner).toBe(root!.id);
    // The password is stored hashed by the library, never as typed.
    const pw = await sql<{ password: string }>("select password from accounts");
    expect(pw.every((p) => p.password.length > 40 && !p.password.includes("correct horse"))).toBe(true);
  });

  it("refuses anonymous callers with 401 on every door", async () => {
    const anon = new Caller(h);
    expect((await anon.trpcQuery("runs.list", {})).status).toBe(401);
    expect((await anon.trpcMutation("forecast.start", forecast)).status).toBe(401);
    expect((await anon.api("/api/v1/runs")).status).toBe(401);
    expect((await anon.api(`/api/runs/${orphanRun}/events`)).status).toBe(401);
    expect((await anon.api("/api/runs/events")).status).toBe(401);
  });

  it("signs in with the right password only", async () => {
    const email = uniqueEmail("carol");
    const carol = new Caller(h);
    await carol.signUp(email, "a long enough password");
    const again = new Caller(h);
    expect((await again.auth("sign-in/email", { email, password: "wrong password!" })).status).toBe(401);
    expect((await again.auth("sign-in/email", { email, password: "a long enough password" })).status).toBe(200);
    expect((await again.trpcQuery("accounts.me")).status).toBe(200);
    await again.auth("sign-out", {});
  });
});

describe("roles", () => {
  it("cannot be chosen by the user: not at sign-up, not by updating the profile", async () => {
    const email = uniqueEmail("mallory");
    const m = new Caller(h);
    const up = await m.auth("sign-up/email", {
      email,
      password: "correct horse battery",
      name: "Mallory",
      role: "admin",
    });
    expect(up.status).toBeGreaterThanOrEqual(200);
    if (up.status !== 200) await m.signUp(email);
    await m.auth("update-user", { role: "admin", name: "Mallory Admin" });
    const [row] = await sql<{ role: string }>("select role from users where email = $1", [email]);
    expect(row!.role).toBe("user");
    expect((await m.trpcQuery("console.cacheStats")).status).toBe(403);
  });
});

describe("password change", () => {
  it("needs the current password, and signs out the account's other sessions", async () => {
    const email = uniqueEmail("gil");
    const here = new Caller(h);
    await here.signUp(email, "first password 1");
    const elsewhere = new Caller(h);
    expect((await elsewhere.auth("sign-in/email", { email, password: "first password 1" })).status).toBe(200);
    const wrong = await here.auth("change-password", {
      currentPassword: "not it at all",
      newPassword: "second password 2",
      revokeOtherSessions: true,
    });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.status).toBeLessThan(500);
    const ok = await here.auth("change-password", {
      currentPassword: "first password 1",
      newPassword: "second password 2",
      revokeOtherSessions: true,
    });
    expect(ok.status).toBe(200);
    expect((await elsewhere.trpcQuery("accounts.me")).status).toBe(401);
    expect((await here.trpcQuery("accounts.me")).status).toBe(200);
    expect((await new Caller(h).auth("sign-in/email", { email, password: "first password 1" })).status).toBe(401);
    expect((await new Caller(h).auth("sign-in/email", { email, password: "second password 2" })).status).toBe(200);
  });
});

describe("ownership", () => {
  beforeAll(async () => {
    const r = await alice.trpcMutation("forecast.start", forecast);
    expect(r.status).toBe(200);
    aliceRun = (r.body as { result: { data: { runId: string } } }).result.data.runId;
  });

  it("shows alice her run by tRPC, the HTTP API and SSE", async () => {
    expect((await alice.trpcQuery("runs.get", { id: aliceRun })).status).toBe(200);
    expect((await alice.api(`/api/v1/runs/${aliceRun}`)).status).toBe(200);
    const s = await alice.api(`/api/runs/${aliceRun}/events`);
    expect(s.status).toBe(200);
    expect(s.headers.get("content-type")).toContain("text/event-stream");
  });

  it("answers bob 404 for alice's run — tRPC, HTTP API, SSE — exactly as for a run that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const id of [aliceRun, missing]) {
      const g = await bob.trpcQuery("runs.get", { id });
      expect(g.status).toBe(404);
      expect((await bob.trpcQuery("runs.events", { id })).status).toBe(404);
      const a = await bob.api(`/api/v1/runs/${id}`);
      expect(a.status).toBe(404);
      expect((await bob.api(`/api/runs/${id}/events`)).status).toBe(404);
    }
    const list = (await bob.trpcQuery("runs.list", { all: true })).body as {
      result: { data: { items: { id: string }[] } };
    };
    expect(list.result.data.items.map((r) => r.id)).not.toContain(aliceRun);
    const apiList = (await bob.api("/api/v1/runs?all=1")).body as { items: { id: string }[] };
    expect(apiList.items.map((r) => r.id)).not.toContain(aliceRun);
  });

  it("does not let bob cancel or redrive alice's run (404, and the run is untouched)", async () => {
    const before = await sql<{ status: string; event_seq: number }>(
      "select status, event_seq from runs where id = $1",
      [aliceRun],
    );
    expect((await bob.trpcMutation("runs.cancel", { id: aliceRun })).status).toBe(404);
    expect(
      (
        await bob.api(`/api/v1/runs/${aliceRun}/cancel`, {
          method: "POST",
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await bob.api(`/api/v1/runs/${aliceRun}/redrive`, {
          method: "POST",
        })
      ).status,
    ).toBe(404);
    // Bulk actions are scoped the same way: bob's "cancel everything queued" touches none of alice's.
    const bulk = await bob.trpcMutation("runs.cancelMany", { status: ["queued"], all: true });
    expect(bulk.status).toBe(200);
    const after = await sql<{ status: string; event_seq: number }>("select status, event_seq from runs where id = $1", [
      aliceRun,
    ]);
    expect(after).toEqual(before);
  });

  it("sends each account only its own runs on the live runs feed", async () => {
    const res = await h.fetch(new Request("http://fluxo.test/api/runs/events", { headers: alice.headers() }));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await new Promise((r) => setTimeout(r, 200)); // subscribed
    const bobRun = (
      (await bob.trpcMutation("forecast.start", { ...forecast, seed: 99 })).body as {
        result: { data: { runId: string } };
      }
    ).result.data.runId;
    const mine = (
      (await alice.trpcMutation("forecast.start", { ...forecast, seed: 98 })).body as {
        result: { data: { runId: string } };
      }
    ).result.data.runId;
    let text = "";
    const dec = new TextDecoder();
    while (!text.includes(mine)) text += dec.decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toContain(mine);
    expect(text).not.toContain(bobRun);
  });

  it("lets an admin see everyone's runs in the console and any single run", async () => {
    const r = (await admin.trpcQuery("runs.list", { all: true, limit: 200 })).body as {
      result: { data: { items: { id: string; ownerEmail: string | null }[] } };
    };
    const ids = r.result.data.items.map((i) => i.id);
    expect(ids).toContain(aliceRun);
    expect(ids).toContain(orphanRun);
    expect(r.result.data.items.find((i) => i.id === aliceRun)!.ownerEmail).toMatch(/^alice\./);
    // Their own list stays their own.
    const own = (await admin.trpcQuery("runs.list", {})).body as { result: { data: { items: { id: string }[] } } };
    expect(own.result.data.items.map((i) => i.id)).not.toContain(aliceRun);
    expect((await admin.trpcQuery("runs.get", { id: aliceRun })).status).toBe(200);
    expect((await admin.trpcQuery("console.cacheStats")).status).toBe(200);
    expect((await alice.trpcQuery("console.cacheStats")).status).toBe(403);
  });
});

describe("API tokens", () => {
  it("authenticate as their owner, are stored hashed, and stop working when revoked", async () => {
    const made = await alice.trpcMutation("accounts.createToken", { name: "laptop CLI" });
    expect(made.status).toBe(200);
    const { token, info } = (made.body as { result: { data: { token: string; info: { id: string; prefix: string } } } })
      .result.data;
    expect(token).toMatch(/^fxt_/);
    const stored = await sql<{ hash: string }>("select hash from api_tokens where id = $1", [info.id]);
    expect(stored[0]!.hash).not.toContain(token.slice(4));
    expect(token.startsWith(info.prefix)).toBe(true);

    const script = new Caller(h);
    script.bearer = token;
    const me = await script.api("/api/v1/me");
    expect(me.status).toBe(200);
    expect((me.body as { email: string }).email).toMatch(/^alice\./);
    expect((await script.api(`/api/v1/runs/${aliceRun}`)).status).toBe(200);
    // A bearer request needs no CSRF token (no ambient credential to ride on).
    const sub = await script.api("/api/v1/forecasts/when", {
      method: "POST",
      body: JSON.stringify(forecast),
    });
    expect(sub.status).toBe(202);

    // Bob's view of the same token list: none of alice's.
    const bobs = (await bob.trpcQuery("accounts.tokens")).body as { result: { data: unknown[] } };
    expect(bobs.result.data).toHaveLength(0);
    expect((await bob.trpcMutation("accounts.revokeToken", { id: info.id })).status).toBe(404);

    expect((await alice.trpcMutation("accounts.revokeToken", { id: info.id })).status).toBe(200);
    const after = await script.api("/api/v1/me");
    expect(after.status).toBe(401);
    expect((after.body as { error: { message: string } }).error.message).toMatch(/revoked/);
    // A wrong token is refused even with a valid session cookie beside it.
    const mixed = new Caller(h);
    mixed.cookie = alice.cookie;
    mixed.bearer = "fxt_not-a-real-token";
    expect((await mixed.api("/api/v1/me")).status).toBe(401);
  });
});

describe("CSRF", () => {
  it("refuses cookie-authenticated writes without the session's token or from a foreign origin", async () => {
    const count = async () => Number((await sql<{ n: string }>("select count(*) as n from runs"))[0]!.n);
    const before = await count();
    const none = await alice.trpcMutation("forecast.start", forecast, { csrf: null });
    expect(none.status).toBe(403);
    expect(JSON.stringify(none.body)).toMatch(/CSRF/);
    expect((await alice.trpcMutation("forecast.start", forecast, { csrf: bob.csrf })).status).toBe(403);
    expect((await alice.trpcMutation("forecast.start", forecast, { origin: "https://evil.example" })).status).toBe(403);
    expect(
      (
        await alice.api(`/api/v1/runs/${aliceRun}/cancel`, {
          method: "POST",
          csrf: false,
        })
      ).status,
    ).toBe(403);
    expect(await count()).toBe(before);
    // With the token and the app's own origin it goes through.
    expect((await alice.trpcMutation("forecast.start", forecast, { origin: "http://fluxo.test" })).status).toBe(200);
  });
});

describe("limits", () => {
  it("answers 429 with Retry-After once a user submits more runs than the limit, and counts per user", async () => {
    const dave = new Caller(h);
    await dave.signUp(uniqueEmail("dave"));
    const statuses: number[] = [];
    for (let i = 0; i < SUBMIT_LIMIT + 2; i++)
      statuses.push((await dave.trpcMutation("forecast.start", { ...forecast, seed: i })).status);
    expect(statuses.slice(0, SUBMIT_LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(SUBMIT_LIMIT)).toEqual([429, 429]);
    const limited = await dave.trpcMutation("forecast.start", forecast);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(JSON.stringify(limited.body)).toMatch(/Too many run submissions/);
    const api = await dave.api("/api/v1/forecasts/when", {
      method: "POST",
      body: JSON.stringify(forecast),
    });
    expect(api.status).toBe(429);
    expect(api.headers.get("retry-after")).toBeTruthy();
    // Another user is not affected.
    const erin = new Caller(h);
    await erin.signUp(uniqueEmail("erin"));
    expect((await erin.trpcMutation("forecast.start", forecast)).status).toBe(200);
  });

  it("answers 429 after too many sign-in attempts for one email, even from changing addresses", async () => {
    const email = uniqueEmail("frank");
    await new Caller(h).signUp(email);
    const statuses: number[] = [];
    for (let i = 0; i < SIGNIN_LIMIT + 1; i++)
      statuses.push((await new Caller(h).auth("sign-in/email", { email, password: "wrong password" })).status);
    expect(statuses.slice(0, SIGNIN_LIMIT).every((s) => s === 401)).toBe(true);
    const last = await new Caller(h).auth("sign-in/email", { email, password: "correct horse battery" });
    expect(last.status).toBe(429);
    expect(last.headers.get("retry-after")).toBeTruthy();
  });

  it("refuses bodies over MAX_BODY_BYTES with 413 before parsing them", async () => {
    const big = JSON.stringify({ ...forecast, pad: "x".repeat(2_200_000) });
    expect((await alice.trpcMutation("forecast.start", undefined, { rawBody: big })).status).toBe(413);
    expect((await alice.api("/api/v1/forecasts/when", { method: "POST", body: big })).status).toBe(413);
    const hugeSignUp = await new Caller(h).auth("sign-up/email", {
      email: uniqueEmail("big"),
      password: "x".repeat(100_000),
      name: "big",
    });
    expect(hugeSignUp.status).toBe(413);
  });

  it("bounds the fields better-auth leaves open (name length)", async () => {
    const r = await new Caller(h).signUp(uniqueEmail("longname"), "correct horse battery", "n".repeat(500));
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/name/);
  });
});
