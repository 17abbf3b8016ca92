/**
 * Submitting with enqueue options over HTTP, on the real route handlers and a real database:
 * POST /api/v1/runs (priority, delay, idempotency key in the body or the Idempotency-Key header,
 * concurrency key) and POST /api/v1/runs/batch (all or nothing; 413 past 1,000 runs). No worker: the
 * runs stay queued or scheduled, which is what is looked at.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { Caller, startHarness, uniqueEmail, type Harness, type Reply } from "@/test/http-harness";

const SUBMITS_PER_MIN = 40;
let h: Harness;
let client: pg.Client;
let script: Caller;
let seq = 0;

/** A forecast.when input no other submission of this file uses (so no two runs share a memo key). */
const input = (extra: Record<string, unknown> = {}) => ({ samples: [2, 3, 4, 5, 6], backlog: 10 + seq++, ...extra });

async function tokenCaller(who: string): Promise<Caller> {
  const person = new Caller(h);
  await person.signUp(uniqueEmail(who));
  const made = await person.trpcMutation("accounts.createToken", { name: who });
  const c = new Caller(h);
  c.bearer = (made.body as { result: { data: { token: string } } }).result.data.token;
  return c;
}

const post = (as: Caller, body: unknown, headers: Record<string, string> = {}) =>
  as.api("/api/v1/runs", { method: "POST", body: JSON.stringify(body), headers });
const batch = (as: Caller, body: unknown, headers: Record<string, string> = {}) =>
  as.api("/api/v1/runs/batch", { method: "POST", body: JSON.stringify(body), headers });
const getRun = (as: Caller, id: string) => as.api(`/api/v1/runs/${id}`);
const runCount = async () => Number((await client.query("select count(*)::int n from runs")).rows[0].n);
const errorOf = (r: Reply) =>
  (r.body as { error: { code: string; message: string; fields?: { path: string; message: string }[] } }).error;

beforeAll(async () => {
  h = await startHarness("fluxo_test_submit_options", { RATE_LIMIT_SUBMIT_PER_MIN: String(SUBMITS_PER_MIN) });
  const admin = new Caller(h);
  await admin.signUp(uniqueEmail("submit-admin")); // the first account is the admin; the tests run as others
  script = await tokenCaller("submit-script");
  client = new pg.Client({ connectionString: h.db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await h?.close();
});

describe("POST /api/v1/runs with options", () => {
  it("stores priority, delay, idempotency and concurrency keys on the run, which GET shows", async () => {
    const before = Date.now();
    const r = await post(script, {
      task: "forecast.when",
      input: input(),
      priority: 7,
      delayMs: 60_000,
      idempotencyKey: "opts-1",
      concurrencyKey: "tenant-a",
      concurrencyLimit: 2,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const { runId, status, links } = r.body as { runId: string; status: string; links: { run: string } };
    expect(status).toBe("scheduled");
    expect(links.run).toBe(`/api/v1/runs/${runId}`);
    const run = await getRun(script, runId);
    expect(run.status).toBe(200);
    const dto = run.body as Record<string, unknown>;
    expect(dto).toMatchObject({
      status: "scheduled",
      priority: 7,
      concurrencyKey: "tenant-a",
      concurrencyLimit: 2,
      idempotencyKey: "opts-1",
    });
    const runAt = Date.parse(dto.runAt as string);
    expect(runAt).toBeGreaterThanOrEqual(before + 59_000);
    expect(runAt).toBeLessThanOrEqual(Date.now() + 61_000);
  });

  it("takes runAt as an ISO date-time, and starts an undelayed run at once with priority 0", async () => {
    const at = new Date(Date.now() + 3_600_000);
    const later = await post(script, { task: "forecast.when", input: input(), runAt: at.toISOString() });
    expect(later.status).toBe(202);
    const dto = (await getRun(script, (later.body as { runId: string }).runId)).body as Record<string, unknown>;
    expect(dto).toMatchObject({ status: "scheduled", runAt: at.toISOString(), concurrencyKey: null });
    const now = await post(script, { task: "forecast.when", input: input() });
    expect(now.status).toBe(202);
    expect(now.body).toMatchObject({ status: "queued" });
    const plain = (await getRun(script, (now.body as { runId: string }).runId)).body;
    expect(plain).toMatchObject({ priority: 0, idempotencyKey: null, concurrencyLimit: null });
  });

  it("answers a second POST with the same Idempotency-Key with the first run: 200, Idempotent-Replayed", async () => {
    const body = { task: "forecast.when", input: input() };
    const n = await runCount();
    const first = await post(script, body, { "Idempotency-Key": "header-key-1" });
    expect(first.status).toBe(202);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await post(script, body, { "Idempotency-Key": "header-key-1" });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((again.body as { runId: string }).runId).toBe((first.body as { runId: string }).runId);
    // The body field names the same key: the same run again.
    const viaBody = await post(script, { ...body, idempotencyKey: "header-key-1" });
    expect(viaBody.status).toBe(200);
    expect((viaBody.body as { runId: string }).runId).toBe((first.body as { runId: string }).runId);
    expect(await runCount()).toBe(n + 1);
    expect(
      ((await getRun(script, (first.body as { runId: string }).runId)).body as { idempotencyKey: string })
        .idempotencyKey,
    ).toBe("header-key-1");
  });

  it("refuses the same key with a different input (409), and a header that disagrees with the body (400)", async () => {
    const first = await post(script, { task: "forecast.when", input: input(), idempotencyKey: "conflict-1" });
    expect(first.status).toBe(202);
    const n = await runCount();
    const other = await post(script, { task: "forecast.when", input: input(), idempotencyKey: "conflict-1" });
    expect(other.status).toBe(409);
    expect(errorOf(other).code).toBe("CONFLICT");
    expect(errorOf(other).message).toMatch(/^idempotencyKey: .*"conflict-1".*already used .*different input/);
    const both = await post(
      script,
      { task: "forecast.when", input: input(), idempotencyKey: "a" },
      { "Idempotency-Key": "b" },
    );
    expect(both.status).toBe(400);
    expect(errorOf(both).fields?.[0]?.path).toBe("idempotencyKey");
    const badHeader = await post(
      script,
      { task: "forecast.when", input: input() },
      { "Idempotency-Key": "x".repeat(201) },
    );
    expect(badHeader.status).toBe(400);
    expect(errorOf(badHeader).message).toMatch(/^Idempotency-Key: .*1\.\.200 characters/);
    expect(await runCount()).toBe(n);
  });

  it("refuses options out of bounds with a 400 naming the field and its limit, and writes nothing", async () => {
    const n = await runCount();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ priority: 5000 }, "priority", /priority must be a whole number within -1000\.\.1000/],
      [{ priority: 1.5 }, "priority", /-1000\.\.1000/],
      [
        { delayMs: -1 },
        "delayMs",
        /delayMs must be a whole number of milliseconds within 0\.\.2,592,000,000 \(30 days\)/,
      ],
      [{ runAt: "tomorrow" }, "runAt", /ISO 8601/],
      [{ runAt: new Date(Date.now() + 40 * 86_400_000).toISOString() }, "runAt", /within 30 days/],
      [{ delayMs: 1000, runAt: new Date(Date.now() + 60_000).toISOString() }, "runAt", /cannot be given with delayMs/],
      [{ concurrencyLimit: 3 }, "concurrencyLimit", /needs a concurrencyKey/],
      [{ concurrencyKey: "k", concurrencyLimit: 0 }, "concurrencyLimit", /within 1\.\.1000/],
      [{ idempotencyKey: "" }, "idempotencyKey", /1\.\.200 characters/],
      [{ concurrencyKey: "a\u0007b" }, "concurrencyKey", /without control characters/],
      [{ priorty: 3 }, "", /unknown field: priorty/],
    ];
    for (const [opts, field, message] of cases) {
      const r = await post(script, { task: "forecast.when", input: input(), ...opts });
      expect(r.status, `${JSON.stringify(opts)} → ${JSON.stringify(r.body)}`).toBe(400);
      const e = errorOf(r);
      expect(e.code).toBe("BAD_REQUEST");
      if (field) {
        expect(e.message.startsWith(`${field}: `), e.message).toBe(true);
        expect(e.fields?.[0]?.path).toBe(field);
      }
      expect(e.message).toMatch(message);
    }
    expect(await runCount()).toBe(n);
  });
});

describe("POST /api/v1/runs/batch", () => {
  it("queues a batch of 3 in order: 202 { runs: [{ index, runId, status }] }", async () => {
    const n = await runCount();
    const r = await batch(script, {
      runs: [
        { task: "forecast.when", input: input() },
        { task: "forecast.when", input: input(), priority: -3, delayMs: 120_000 },
        { task: "forecast.howMany", input: { samples: [1, 2, 3], periods: 4 + seq++ }, concurrencyKey: "batch-k" },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const runs = (r.body as { runs: { index: number; runId: string; status: string }[] }).runs;
    expect(runs.map((x) => [x.index, x.status])).toEqual([
      [0, "queued"],
      [1, "scheduled"],
      [2, "queued"],
    ]);
    expect(new Set(runs.map((x) => x.runId)).size).toBe(3);
    expect(await runCount()).toBe(n + 3);
    const second = (await getRun(script, runs[1]!.runId)).body;
    expect(second).toMatchObject({ task: "forecast.when", priority: -3, status: "scheduled" });
    const third = (await getRun(script, runs[2]!.runId)).body;
    expect(third).toMatchObject({ task: "forecast.howMany", concurrencyKey: "batch-k", concurrencyLimit: 1 });
  });

  it("refuses a batch with one bad item naming it by index (runs.2.input.backlog), and writes no run", async () => {
    const n = await runCount();
    const ok = { task: "forecast.when", input: input() };
    const bad = await batch(script, {
      runs: [ok, ok, { task: "forecast.when", input: { samples: [1, 2], backlog: -5 } }],
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toMatch(/^runs\.2\.input\.backlog: /);
    expect(errorOf(bad).fields?.[0]?.path).toBe("runs.2.input.backlog");
    const cases: [unknown[], RegExp][] = [
      [[ok, { ...ok, priority: 5000 }], /^runs\.1\.priority: priority must be a whole number within -1000\.\.1000/],
      [[ok, { task: "no.such", input: {} }], /^runs\.1\.task: task must be one of .*forecast\.when/],
      [[{ ...ok, delayMs: 10, runAt: new Date(Date.now() + 60_000).toISOString() }], /^runs\.0\.runAt: .*delayMs/],
      [
        [
          { ...ok, idempotencyKey: "twice" },
          { task: "forecast.when", input: input(), idempotencyKey: "twice" },
        ],
        /^runs\.1\.idempotencyKey: /,
      ],
      [[ok, { task: "forecast.when" }], /^runs\.1\.input\.samples: /],
    ];
    for (const [runs, message] of cases) {
      const r = await batch(script, { runs });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(errorOf(r).message).toMatch(message);
    }
    expect(await runCount()).toBe(n);
  });

  it("returns the run an item's idempotency key already names, and refuses it with another input (409)", async () => {
    const first = await post(script, {
      task: "forecast.when",
      input: { samples: [9, 9], backlog: 90 },
      idempotencyKey: "b-1",
    });
    expect(first.status).toBe(202);
    const n = await runCount();
    const again = await batch(script, {
      runs: [
        { task: "forecast.when", input: input() },
        { task: "forecast.when", input: { samples: [9, 9], backlog: 90 }, idempotencyKey: "b-1" },
      ],
    });
    expect(again.status).toBe(202);
    expect((again.body as { runs: { runId: string }[] }).runs[1]!.runId).toBe((first.body as { runId: string }).runId);
    expect(await runCount()).toBe(n + 1);
    const clash = await batch(script, {
      runs: [
        { task: "forecast.when", input: input() },
        { task: "forecast.when", input: input(), idempotencyKey: "b-1" },
      ],
    });
    expect(clash.status).toBe(409);
    expect(errorOf(clash).message).toMatch(/^runs\.1\.idempotencyKey: .*different input/);
    expect(await runCount()).toBe(n + 1);
  });

  it("answers 1,001 runs with 413 naming the limit, an empty list with 400, and the Idempotency-Key header with 400", async () => {
    const n = await runCount();
    const item = { task: "forecast.when", input: { samples: [1, 2, 3], backlog: 5 } };
    const big = await batch(script, { runs: Array.from({ length: 1001 }, () => item) });
    expect(big.status).toBe(413);
    expect(errorOf(big).code).toBe("PAYLOAD_TOO_LARGE");
    expect(errorOf(big).message).toMatch(/at most 1,000 runs/);
    const empty = await batch(script, { runs: [] });
    expect(empty.status).toBe(400);
    expect(errorOf(empty).message).toMatch(/^runs: runs must list at least one run/);
    const header = await batch(script, { runs: [item] }, { "Idempotency-Key": "k" });
    expect(header.status).toBe(400);
    expect(errorOf(header).fields?.[0]?.path).toBe("Idempotency-Key");
    expect(await runCount()).toBe(n);
  });

  it("fits 1,000 small runs in one body; a body over MAX_BODY_BYTES is a clear 413", async () => {
    const lots = await tokenCaller("submit-lots");
    const runs = Array.from({ length: 1000 }, (_, i) => ({
      task: "forecast.when",
      input: { samples: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8], backlog: 10_000 + i, trials: 1000 },
      priority: i % 10,
    }));
    const body = JSON.stringify({ runs });
    expect(body.length).toBeLessThan(2 * 1024 ** 2);
    const n = await runCount();
    const r = await batch(lots, { runs });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(202);
    const out = (r.body as { runs: { index: number; runId: string }[] }).runs;
    expect(out).toHaveLength(1000);
    expect(out.map((x) => x.index)).toEqual(runs.map((_, i) => i));
    expect(await runCount()).toBe(n + 1000);
    const huge = { runs: runs.map((x) => ({ ...x, input: { ...x.input, samples: Array(1200).fill(7) } })) };
    const tooBig = await batch(lots, huge);
    expect(tooBig.status).toBe(413);
    expect(errorOf(tooBig)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(errorOf(tooBig).message).toMatch(/request body is larger than the limit of 2097152 bytes/);
    expect(await runCount()).toBe(n + 1000);
  });

  it("counts a batch as ONE submission against the per-account rate limit, however many runs it has", async () => {
    const c = await tokenCaller("submit-rate");
    const item = (i: number) => ({ task: "forecast.when", input: { samples: [5, 6], backlog: 500 + i } });
    const first = await batch(c, { runs: Array.from({ length: 200 }, (_, i) => item(i)) });
    expect(first.status).toBe(202);
    for (let i = 1; i < SUBMITS_PER_MIN; i++) {
      const r = await batch(c, { runs: [item(1000 + i)] });
      expect(r.status, `request ${i + 1}`).toBe(202);
    }
    const over = await batch(c, { runs: [item(9999)] });
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
