/**
 * Hostile input at every door, property-based (fast-check): every tRPC procedure of the app router
 * (found by walking the router, so a new procedure is covered without editing this file), the HTTP
 * API routes and better-auth's sign-up/sign-in. For each request: never a 5xx; a refused input names
 * the field; nothing is written when a request is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import pg from "pg";
import { Caller, startHarness, uniqueEmail, type Harness, type Reply } from "@/test/http-harness";
import { SUBMIT_FIELDS } from "@/test/submit-fields";

let h: Harness;
let user: Caller;
let client: pg.Client;

const RUNS = Number(process.env.FC_RUNS ?? 60);

/** Strings that have broken other systems. */
const NASTY = [
  "' OR 1=1 --",
  "'; DROP TABLE runs; --",
  '" onmouseover="alert(1)',
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "\u0000",
  "\ud800",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "😀".repeat(300),
  "a".repeat(70_000),
  "${jndi:ldap://x}",
  "../../../../etc/passwd",
  "%00",
  "__proto__",
  "constructor",
];

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...NASTY, -0, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 1.5, null, true, [], {}, [[[[[]]]]], {
    __proto__: { admin: true },
  }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.double(),
  fc.integer(),
);

/** A nested array `depth` levels deep, as JSON text. */
const deepJson = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

/** Raw bodies that are not JSON, or JSON that JavaScript turns into something else. */
const RAW_BODIES = [
  '{"backlog": NaN}',
  '{"backlog": Infinity}',
  '{"samples": [-Infinity]}',
  '{"backlog": -0, "samples": [-0]}',
  "{",
  "",
  "null",
  '"just a string"',
  deepJson(100_000),
  `{"samples": ${deepJson(5_000)}}`,
  '{"__proto__": {"role": "admin"}, "samples": [1], "backlog": 1}',
  "\u0000\u0001\u0002",
];

/** A valid input per procedure: the base the field-by-field property spoils one field of. */
const VALID: Record<string, Record<string, unknown>> = {
  "forecast.start": { samples: [1, 3, 5, 3, 7], backlog: 20, trials: 1000, seed: 1 },
  "forecast.startHowMany": { samples: [1, 3, 5, 3, 7], periods: 4, trials: 1000, seed: 1 },
  "forecast.startDeadline": {
    samples: [1, 3, 5, 3, 7],
    backlog: 20,
    startDate: "2026-01-05",
    deadline: "2026-03-02",
    trials: 1000,
    seed: 1,
  },
  "forecast.startBacktest": { samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2], backlog: 10, trials: 200, seed: 1 },
  "forecast.startCutLine": { samples: [1, 3, 5, 3, 7], features: [{ name: "A", size: 5 }], trials: 1000, seed: 1 },
  "forecast.sensitivity": { samples: [1, 3, 5, 3, 7], backlog: 20, trials: 1000, seed: 1, backlogChange: 20 },
  "runs.list": { limit: 10 },
  "runs.get": { id: "00000000-0000-4000-8000-000000000000" },
  "runs.compare": { ids: ["00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-000000000001"] },
  "runs.events": { id: "00000000-0000-4000-8000-000000000000" },
  "runs.cancel": { id: "00000000-0000-4000-8000-000000000000" },
  "runs.redrive": { id: "00000000-0000-4000-8000-000000000000" },
  "console.clearCache": { namespace: "forecast" },
  "accounts.createToken": { name: "ci" },
  "runs.cancelMany": { status: ["queued"], task: "nothing.matches" },
  "runs.redriveMany": { status: ["dead"], task: "nothing.matches" },
  "runs.deleteMany": { status: ["succeeded"], task: "nothing.matches" },
  "console.updateQueue": { name: "reports", concurrency: 2 },
  "console.workers": { includeStopped: false },
  "console.minutes": { hours: 2, queue: "default", task: "forecast.when" },
  "console.drainWorker": { id: "no-such-worker" },
  "alerts.history": { limit: 10 },
  "alerts.createRule": { name: "n", kind: "queue_wait", threshold: 10 },
  "alerts.updateRule": { id: "00000000-0000-4000-8000-000000000000", name: "renamed" },
  "alerts.removeRule": { id: "00000000-0000-4000-8000-000000000000" },
  "workflows.start": { kind: "group", steps: [{ task: "forecast.when", input: { samples: [1, 2], backlog: 3 } }] },
  "workflows.children": { id: "00000000-0000-4000-8000-000000000000" },
  "webhooks.create": { url: "https://example.com/hook", events: ["succeeded"] },
  "webhooks.setEnabled": { id: "00000000-0000-4000-8000-000000000000", enabled: true },
  "webhooks.remove": { id: "00000000-0000-4000-8000-000000000000" },
  "webhooks.deliveries": { id: "00000000-0000-4000-8000-000000000000" },
  "webhooks.createIncoming": { name: "n", task: "forecast.when" },
  "webhooks.removeIncoming": { id: "00000000-0000-4000-8000-000000000000" },
  "schedules.get": { id: "00000000-0000-4000-8000-000000000000" },
  "schedules.preview": { cron: "0 9 * * 1-5", timezone: "America/Sao_Paulo", count: 5 },
  "schedules.create": {
    name: "n",
    cron: "0 9 * * *",
    timezone: "UTC",
    task: "forecast.when",
    input: { samples: [1, 2], backlog: 3 },
  },
  "schedules.update": { id: "00000000-0000-4000-8000-000000000000", name: "renamed" },
  "schedules.remove": { id: "00000000-0000-4000-8000-000000000000" },
  "schedules.runNow": { id: "00000000-0000-4000-8000-000000000000" },
  "accounts.revokeToken": { id: "00000000-0000-4000-8000-000000000000" },
  "projects.get": { id: "00000000-0000-4000-8000-000000000000" },
  "projects.create": { name: "Team A", periodDays: 7, skipWeekends: false, backlog: 40 },
  "projects.update": { id: "00000000-0000-4000-8000-000000000000", name: "renamed", backlog: 10 },
  "projects.remove": { id: "00000000-0000-4000-8000-000000000000" },
  "projects.setHistory": {
    id: "00000000-0000-4000-8000-000000000000",
    rows: [{ periodStart: "2026-01-05", count: 3 }],
  },
  "projects.importHistory": {
    id: "00000000-0000-4000-8000-000000000000",
    csv: "2026-01-05,3\n2026-01-12,4\n",
    format: "auto",
    mode: "replace",
  },
  "projects.saveForecast": {
    id: "00000000-0000-4000-8000-000000000000",
    runId: "00000000-0000-4000-8000-000000000000",
    label: "first",
  },
  "projects.getForecast": {
    id: "00000000-0000-4000-8000-000000000000",
    forecastId: "00000000-0000-4000-8000-000000000000",
  },
  "projects.removeForecast": {
    id: "00000000-0000-4000-8000-000000000000",
    forecastId: "00000000-0000-4000-8000-000000000000",
  },
  "projects.addActual": {
    id: "00000000-0000-4000-8000-000000000000",
    date: "2026-02-02",
    completed: 4,
    remaining: 12,
    note: "sprint 3",
  },
  "projects.removeActual": {
    id: "00000000-0000-4000-8000-000000000000",
    actualId: "00000000-0000-4000-8000-000000000000",
  },
  "eto.locations.get": { id: "00000000-0000-4000-8000-000000000000" },
  "eto.locations.create": { name: "Piracicaba", latitude: -22.71, longitude: -47.63, elevation: 546 },
  "eto.locations.update": {
    id: "00000000-0000-4000-8000-000000000000",
    name: "renamed",
    latitude: -22.7,
    elevation: 550,
  },
  "eto.locations.remove": { id: "00000000-0000-4000-8000-000000000000" },
  "eto.sources": { latitude: -22.71, longitude: -47.63 },
  "eto.start": {
    latitude: -23.55,
    longitude: -46.63,
    elevation: 760,
    start: "2024-01-01",
    end: "2024-01-31",
    sources: ["nasa-power", "open-meteo-archive"],
    method: "fao56",
    gapMaxDays: 3,
  },
  "eto.startBatch": {
    points: [
      { latitude: -23.55, longitude: -46.63, elevation: 760 },
      { latitude: -22.71, longitude: -47.63, elevation: 546 },
    ],
    start: "2024-01-01",
    end: "2024-01-31",
    sources: ["nasa-power", "open-meteo-archive"],
    method: "fao56",
    failurePolicy: "continue",
  },
  "market.search": { q: "Petrobras", lookup: false },
  "market.get": { ticker: "PETR4", range: "1y" },
  "market.add": { ticker: "PETR4", provider: "demo", range: "1y" },
  "market.importCsv": {
    ticker: "CSVT3",
    name: "CSV test",
    currency: "BRL",
    text: "date,close\n2024-01-02,10\n2024-01-03,10.5\n",
  },
  "market.watch": { ticker: "PETR4" },
  "market.unwatch": { ticker: "PETR4" },
  "market.news": { tickers: ["PETR4"], limit: 10 },
  "market.collect": { ticker: "PETR4", provider: "demo", range: "1y" },
  "market.batchCollect": { tickers: ["PETR4", "VALE3"], provider: "demo", range: "1y" },
  "portfolio.get": { id: "00000000-0000-4000-8000-000000000000" },
  "portfolio.create": { name: "Dividendos", description: "long term", benchmark: null, riskFree: 0.1065 },
  "portfolio.update": { id: "00000000-0000-4000-8000-000000000000", name: "renamed", riskFree: 0.1 },
  "portfolio.remove": { id: "00000000-0000-4000-8000-000000000000" },
  "portfolio.setHoldings": {
    id: "00000000-0000-4000-8000-000000000000",
    holdings: [
      { ticker: "PETR4", weight: 0.5 },
      { ticker: "VALE3", weight: 0.5 },
    ],
    normalise: false,
  },
  "portfolio.analyze": { id: "00000000-0000-4000-8000-000000000000", range: "1y", bounds: [0, 1] },
  "portfolio.optimizePreview": { id: "00000000-0000-4000-8000-000000000000", points: 10, range: "1y", bounds: [0, 1] },
  "portfolio.latest": { id: "00000000-0000-4000-8000-000000000000" },
  "analysis.asset": { ticker: "PETR4", range: "1y" },
  "analysis.compare": { tickers: ["PETR4", "VALE3"], range: "1y" },
  "analysis.batch": { tickers: ["PETR4", "VALE3"], range: "1y" },
  "analysis.assetSnapshot": { ticker: "PETR4" },
  "reports.list": { limit: 10 },
  "reports.generate": { kind: "asset", ticker: "PETR4", formats: ["pdf", "md"], locale: "pt-BR" },
  "reports.export": { reportId: "00000000-0000-4000-8000-000000000000", format: "html" },
  "reports.batchExport": { reportIds: ["00000000-0000-4000-8000-000000000000"], format: "md" },
  "reports.aiAnalysis": { ticker: "PETR4", locale: "en" },
  "reports.remove": { id: "00000000-0000-4000-8000-000000000000" },
};

async function counts(): Promise<string> {
  const r = await client.query(
    "select (select count(*) from runs) r, (select count(*) from run_events) e, (select count(*) from users) u, (select count(*) from api_tokens) t, (select count(*) from sessions) s",
  );
  return JSON.stringify(r.rows[0]);
}

async function call(path: string, type: "query" | "mutation", input: unknown, as: Caller = user): Promise<Reply> {
  return type === "query" ? as.trpcQuery(path, input) : as.trpcMutation(path, input);
}

function expectNo5xx(r: Reply, what: string) {
  expect(r.status, `${what} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`).toBeLessThan(500);
}

let procs: { path: string; type: "query" | "mutation"; hasInput: boolean }[];

beforeAll(async () => {
  h = await startHarness("fluxo_test_bad_input", {
    RATE_LIMIT_SUBMIT_PER_MIN: "100000",
    RATE_LIMIT_SIGNIN_PER_MIN: "10000",
  });
  const { appRouter } = await import("@/trpc/root");
  procs = Object.entries(
    appRouter._def.procedures as unknown as Record<
      string,
      { _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] } }
    >,
  ).map(([path, p]) => ({ path, type: p._def.type as "query" | "mutation", hasInput: p._def.inputs.length > 0 }));
  const admin = new Caller(h);
  await admin.signUp(uniqueEmail("admin")); // first account: admin; the tests run as a plain user
  user = new Caller(h);
  await user.signUp(uniqueEmail("user"));
  client = new pg.Client({ connectionString: h.db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await h?.close();
});

describe("tRPC procedures", () => {
  it("has a valid base input for every procedure that takes one (so none is skipped)", () => {
    const missing = procs.filter((p) => p.hasInput && !VALID[p.path]).map((p) => p.path);
    expect(missing).toEqual([]);
    expect(procs.length).toBeGreaterThanOrEqual(10);
  });

  it("answers any input to any procedure without a 5xx, and writes nothing when it refuses", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...procs), nastyValue, async (p, input) => {
        const before = await counts();
        const r = await call(p.path, p.type, input);
        expectNo5xx(r, `${p.path}(${JSON.stringify(input)?.slice(0, 80)})`);
        if (r.status >= 400) expect(await counts()).toBe(before);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it("names the spoiled field when one field of a valid input is replaced by a hostile value", async () => {
    const withInput = procs.filter((p) => VALID[p.path]);
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...withInput)
          .chain((p) => fc.tuple(fc.constant(p), fc.constantFrom(...Object.keys(VALID[p.path]!)))),
        nastyValue,
        async ([p, field], bad) => {
          const input = { ...VALID[p.path], [field]: bad };
          const before = await counts();
          const r = await call(p.path, p.type, input);
          expectNo5xx(r, `${p.path} with ${field}=${JSON.stringify(bad)?.slice(0, 80)}`);
          if (r.status === 400) {
            const fields = (r.body as { error: { data: { fields: { path: string; message: string }[] | null } } }).error
              .data.fields;
            expect(fields, `${p.path}.${field}: ${JSON.stringify(r.body).slice(0, 200)}`).not.toBeNull();
            expect(
              fields!.some((f) => f.path.split(".")[0] === field || f.message.includes(field)),
              JSON.stringify(fields),
            ).toBe(true);
          }
          if (r.status >= 400) expect(await counts()).toBe(before);
        },
      ),
      { numRuns: RUNS * 4 },
    );
  });

  it("refuses raw bodies that are not JSON (NaN, Infinity, deep nesting, control bytes) with a 4xx", async () => {
    for (const p of procs.filter((x) => x.type === "mutation")) {
      for (const raw of RAW_BODIES) {
        const before = await counts();
        const r = await user.trpcMutation(p.path, undefined, { rawBody: raw });
        expectNo5xx(r, `${p.path} raw ${raw.slice(0, 40)}`);
        if (r.status >= 400) expect(await counts()).toBe(before);
      }
    }
  });

  it("refuses -0 and out-of-range numbers in forecast input, naming the field", async () => {
    const r = await user.trpcMutation("forecast.start", { samples: [1, 2], backlog: -0, trials: -0 });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/trials/);
  });
});

describe("HTTP API", () => {
  it("answers hostile bodies to POST /api/v1/forecasts/when with 4xx naming the field, and writes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("samples", "backlog", "trials", "seed", "percentiles", "startDate", "periodDays"),
        nastyValue,
        async (field, bad) => {
          const before = await counts();
          const body = JSON.stringify({ ...VALID["forecast.start"], [field]: bad });
          const r = await user.api("/api/v1/forecasts/when", { method: "POST", body });
          expectNo5xx(r, `forecasts/when ${field}=${JSON.stringify(bad)?.slice(0, 80)}`);
          if (r.status === 400) expect(JSON.stringify(r.body)).toContain(field);
          if (r.status >= 400) expect(await counts()).toBe(before);
        },
      ),
      { numRuns: RUNS * 2 },
    );
    for (const raw of RAW_BODIES) {
      const r = await user.api("/api/v1/forecasts/when", { method: "POST", body: raw });
      expectNo5xx(r, `raw ${raw.slice(0, 40)}`);
    }
  });

  it("answers hostile fields to POST /api/v1/runs and /api/v1/runs/batch with 4xx naming them, and writes nothing", async () => {
    const valid = { task: "forecast.when", input: VALID["forecast.start"] };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SUBMIT_FIELDS), nastyValue, fc.boolean(), async (field, bad, inBatch) => {
        const before = await counts();
        const item = { ...valid, [field]: bad };
        const r = inBatch
          ? await user.api("/api/v1/runs/batch", {
              method: "POST",
              body: JSON.stringify({ runs: [valid, item] }),
            })
          : await user.api("/api/v1/runs", { method: "POST", body: JSON.stringify(item) });
        const what = `${inBatch ? "runs/batch" : "runs"} ${field}=${JSON.stringify(bad)?.slice(0, 80)}`;
        expectNo5xx(r, what);
        if (r.status === 400) {
          const named = (r.body as { error: { message: string } }).error.message;
          expect(named, what).toContain(field);
          if (inBatch) expect(named.startsWith("runs.1."), `${what}: ${named}`).toBe(true);
        }
        if (r.status >= 400) expect(await counts()).toBe(before);
      }),
      { numRuns: RUNS * 2 },
    );
    await fc.assert(
      fc.asyncProperty(nastyValue, async (runs) => {
        const before = await counts();
        const r = await user.api("/api/v1/runs/batch", {
          method: "POST",
          body: JSON.stringify({ runs }),
        });
        expectNo5xx(r, `runs/batch runs=${JSON.stringify(runs)?.slice(0, 80)}`);
        if (r.status >= 400) expect(await counts()).toBe(before);
      }),
      { numRuns: RUNS },
    );
    for (const raw of RAW_BODIES) {
      expectNo5xx(await user.api("/api/v1/runs", { method: "POST", body: raw }), `runs raw ${raw.slice(0, 40)}`);
      const before = await counts();
      const r = await user.api("/api/v1/runs/batch", { method: "POST", body: raw });
      expectNo5xx(r, `runs/batch raw ${raw.slice(0, 40)}`);
      expect(await counts()).toBe(before);
    }
  });

  it("answers hostile ids and query strings with 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...NASTY.map((s) => s.slice(0, 2000))), fc.string({ maxLength: 100 })),
        async (s) => {
          // "." and ".." never reach the server as ids: the client resolves them as path segments (even
          // encoded, %2E), so /api/v1/runs/. is the runs list (200) and /runs/./cancel is POST /runs/cancel.
          const dots = /^\.{1,2}$/.test(s);
          for (const [url, method] of [
            [(id: string) => `/api/v1/runs/${id}`, "GET"],
            [(id: string) => `/api/v1/runs/${id}/cancel`, "POST"],
            [(id: string) => `/api/runs/${id}/events`, "GET"],
          ] as const) {
            const r = await user.api(url(encodeURIComponent(s.replace(/[\ud800-\udfff]/g, "\ufffd"))), { method });
            expectNo5xx(r, `${url("x")} id=${s.slice(0, 40)}`);
            if (!dots) expect([400, 404]).toContain(r.status);
          }
          const q = new URLSearchParams({ limit: s, status: s, task: s, cursor: s, all: s }).toString();
          expectNo5xx(await user.api(`/api/v1/runs?${q}`), `runs?${q.slice(0, 60)}`);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("HTTP API: assets", () => {
  it("answers hostile bodies to POST /api/v1/assets and hostile tickers and ranges with 4xx naming the field", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("ticker", "provider", "range"), nastyValue, async (field, bad) => {
        const before = await counts();
        const body = JSON.stringify({ ...VALID["market.add"], [field]: bad });
        const r = await user.api("/api/v1/assets", { method: "POST", body });
        expectNo5xx(r, `assets ${field}=${JSON.stringify(bad)?.slice(0, 80)}`);
        if (r.status === 400) expect(JSON.stringify(r.body)).toContain(field);
        if (r.status >= 400) expect(await counts()).toBe(before);
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...NASTY.map((x) => x.slice(0, 2000))), fc.string({ maxLength: 40 })),
        async (x) => {
          // URLSearchParams, unlike encodeURIComponent, takes a lone surrogate (as U+FFFD).
          const r = await user.api(`/api/v1/assets/x?${new URLSearchParams({ range: x }).toString()}`);
          expectNo5xx(r, `assets/${x.slice(0, 40)}`);
          expect([400, 404]).toContain(r.status);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("sign-up and sign-in", () => {
  it("never answer a hostile body with a 5xx, and make no account from one", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ email: nastyValue, password: nastyValue, name: nastyValue }, { requiredKeys: [] }),
        async (body) => {
          const c = new Caller(h);
          const before = await counts();
          const up = await c.auth("sign-up/email", body);
          expectNo5xx(up, `sign-up ${JSON.stringify(body).slice(0, 120)}`);
          if (up.status >= 400) expect(await counts()).toBe(before);
          expectNo5xx(await c.auth("sign-in/email", body), "sign-in");
        },
      ),
      { numRuns: RUNS },
    );
  });
});
