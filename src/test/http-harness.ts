/**
 * Drive Fluxo's real route handlers (better-auth, tRPC, HTTP API, SSE) in-process with real
 * Request/Response objects on a fresh, migrated database of its own, so account tests start with no
 * accounts. Nothing is mocked: the handlers reach the real Postgres (and Redis when REDIS_URL is set).
 */
import { randomBytes } from "node:crypto";
import { resetEnvCache } from "@/env";
import { prepareTestDatabase, type TestDatabase } from "./test-database";

export const BASE = "http://fluxo.test";

let edgeApp: ReturnType<typeof import("@/edge/app").createEdgeApp> | undefined;

export interface Harness {
  db: TestDatabase;
  routes: {
    auth: typeof import("@/app/api/auth/[...all]/route");
    trpc: typeof import("@/app/api/trpc/[trpc]/route");
    runs: typeof import("@/app/api/v1/runs/route");
    runsBatch: typeof import("@/app/api/v1/runs/batch/route");
    run: typeof import("@/app/api/v1/runs/[id]/route");
    cancel: typeof import("@/app/api/v1/runs/[id]/cancel/route");
    redrive: typeof import("@/app/api/v1/runs/[id]/redrive/route");
    forecastWhen: typeof import("@/app/api/v1/forecasts/when/route");
    forecast: typeof import("@/app/api/v1/forecasts/[kind]/route");
    etoCompute: typeof import("@/app/api/v1/eto/compute/route");
    etoBatch: typeof import("@/app/api/v1/eto/batch/route");
    portfolios: typeof import("@/app/api/v1/portfolios/route");
    portfolio: typeof import("@/app/api/v1/portfolios/[id]/route");
    portfolioHoldings: typeof import("@/app/api/v1/portfolios/[id]/holdings/route");
    portfolioAnalyze: typeof import("@/app/api/v1/portfolios/[id]/analyze/route");
    analysisAsset: typeof import("@/app/api/v1/analysis/asset/route");
    analysisCompare: typeof import("@/app/api/v1/analysis/compare/route");
    analysisBatch: typeof import("@/app/api/v1/analysis/batch/route");
    analysisOpportunities: typeof import("@/app/api/v1/analysis/opportunities/route");
    analysisRankings: typeof import("@/app/api/v1/analysis/rankings/route");
    assets: typeof import("@/app/api/v1/assets/route");
    asset: typeof import("@/app/api/v1/assets/[ticker]/route");
    reports: typeof import("@/app/api/v1/reports/route");
    report: typeof import("@/app/api/v1/reports/[id]/route");
    runCsv: typeof import("@/app/api/v1/runs/[id]/result.csv/route");
    me: typeof import("@/app/api/v1/me/route");
    runStream: typeof import("@/app/api/runs/[id]/events/route");
    runsFeed: typeof import("@/app/api/runs/events/route");
  };
  close(): Promise<void>;
}

/** Start on database `name` (dropped and made anew); `env` is applied before any module reads it. */
export async function startHarness(name: string, env: Record<string, string> = {}): Promise<Harness> {
  const db = await prepareTestDatabase(name, `.data/pg-${name}`);
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    FLUXO_URL: BASE,
    ...env,
  });
  resetEnvCache();
  const routes = {
    auth: await import("@/app/api/auth/[...all]/route"),
    trpc: await import("@/app/api/trpc/[trpc]/route"),
    runs: await import("@/app/api/v1/runs/route"),
    runsBatch: await import("@/app/api/v1/runs/batch/route"),
    run: await import("@/app/api/v1/runs/[id]/route"),
    cancel: await import("@/app/api/v1/runs/[id]/cancel/route"),
    redrive: await import("@/app/api/v1/runs/[id]/redrive/route"),
    forecastWhen: await import("@/app/api/v1/forecasts/when/route"),
    forecast: await import("@/app/api/v1/forecasts/[kind]/route"),
    etoCompute: await import("@/app/api/v1/eto/compute/route"),
    etoBatch: await import("@/app/api/v1/eto/batch/route"),
    portfolios: await import("@/app/api/v1/portfolios/route"),
    portfolio: await import("@/app/api/v1/portfolios/[id]/route"),
    portfolioHoldings: await import("@/app/api/v1/portfolios/[id]/holdings/route"),
    portfolioAnalyze: await import("@/app/api/v1/portfolios/[id]/analyze/route"),
    analysisAsset: await import("@/app/api/v1/analysis/asset/route"),
    analysisCompare: await import("@/app/api/v1/analysis/compare/route"),
    analysisBatch: await import("@/app/api/v1/analysis/batch/route"),
    analysisOpportunities: await import("@/app/api/v1/analysis/opportunities/route"),
    analysisRankings: await import("@/app/api/v1/analysis/rankings/route"),
    assets: await import("@/app/api/v1/assets/route"),
    asset: await import("@/app/api/v1/assets/[ticker]/route"),
    reports: await import("@/app/api/v1/reports/route"),
    report: await import("@/app/api/v1/reports/[id]/route"),
    runCsv: await import("@/app/api/v1/runs/[id]/result.csv/route"),
    me: await import("@/app/api/v1/me/route"),
    runStream: await import("@/app/api/runs/[id]/events/route"),
    runsFeed: await import("@/app/api/runs/events/route"),
  };
  return {
    db,
    routes,
    async close() {
      const [{ closePubSub }, { closeRedis }, { closeDb }] = await Promise.all([
        import("@/server/pubsub"),
        import("@/server/redis"),
        import("@/server/db"),
      ]);
      await closePubSub().catch(() => {});
      await closeRedis().catch(() => {});
      await closeDb();
      await db.stop();
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

async function reply(res: Response): Promise<Reply> {
  const text = res.headers.get("content-type")?.includes("event-stream") ? "" : await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (res.headers.get("content-type")?.includes("event-stream")) await res.body?.cancel();
  return { status: res.status, headers: res.headers, body };
}

/** A caller: a browser (cookie + CSRF token) or a script (bearer token), from one client address. */
export class Caller {
  cookie?: string;
  csrf?: string;
  bearer?: string;
  readonly ip = `10.${[1, 2, 3].map(() => Math.floor(Math.random() * 250)).join(".")}`;

  constructor(private readonly h: Harness) {}

  headers(extra: Record<string, string> = {}): Headers {
    const h = new Headers({ "x-forwarded-for": this.ip, host: "fluxo.test", ...extra });
    if (this.bearer) h.set("authorization", `Bearer ${this.bearer}`);
    else if (this.cookie) h.set("cookie", this.cookie);
    return h;
  }

  /** POST to better-auth; keeps the session cookie it sets. */
  async auth(
    path: "sign-up/email" | "sign-in/email" | "sign-out" | "change-password" | "update-user",
    body: unknown,
  ): Promise<Reply> {
    const res = await this.h.routes.auth.POST(
      new Request(`${BASE}/api/auth/${path}`, {
        method: "POST",
        headers: this.headers({ "content-type": "application/json", origin: BASE }),
        body: JSON.stringify(body),
      }),
    );
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0];
    if (this.cookie) {
      const { viewerOf } = await import("@/accounts/resolve");
      const { csrfTokenFor } = await import("@/accounts/csrf");
      const v = await viewerOf(new Headers({ cookie: this.cookie }));
      this.csrf = v?.sessionToken ? csrfTokenFor(v.sessionToken) : undefined;
    }
    return reply(res);
  }

  async signUp(email: string, password = "correct horse battery", name = email.split("@")[0]!): Promise<Reply> {
    return this.auth("sign-up/email", { email, password, name });
  }

  async trpcQuery(path: string, input?: unknown): Promise<Reply> {
    const q = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return reply(
      await this.h.routes.trpc.GET(new Request(`${BASE}/api/trpc/${path}${q}`, { headers: this.headers() })),
    );
  }

  async trpcMutation(
    path: string,
    input?: unknown,
    o: { csrf?: string | null; origin?: string; rawBody?: string } = {},
  ): Promise<Reply> {
    const extra: Record<string, string> = { "content-type": "application/json" };
    const csrf = o.csrf === undefined ? this.csrf : o.csrf;
    if (csrf) extra["x-csrf-token"] = csrf;
    if (o.origin) extra.origin = o.origin;
    const body = o.rawBody ?? (input === undefined ? undefined : JSON.stringify(input));
    return reply(
      await this.h.routes.trpc.POST(
        new Request(`${BASE}/api/trpc/${path}`, { method: "POST", headers: this.headers(extra), body }),
      ),
    );
  }

  /** Call an HTTP API route handler with route params. */
  async api<P>(
    handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
    url: string,
    o: { method?: string; params?: P; body?: string; csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const extra: Record<string, string> = {
      ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
      ...o.headers,
    };
    if (o.csrf !== false && this.csrf && !this.bearer) extra["x-csrf-token"] = this.csrf;
    const req = new Request(`${BASE}${url}`, { method: o.method ?? "GET", headers: this.headers(extra), body: o.body });
    // Through the edge's router, as a deployment answers it (its headers, its 404/405), when it owns the
    // path; `handler` must be the route it picks (the test names the route it means to exercise).
    const edge = await import("@/edge/app");
    if (edge.isEdgePath(new URL(req.url).pathname)) {
      const app = (edgeApp ??= edge.createEdgeApp({ corsOrigins: [], trustProxy: false }));
      const res = await app.fetch(req);
      return reply(res);
    }
    return reply(await handler(req, { params: Promise.resolve((o.params ?? {}) as P) }));
  }
}

/** An email no earlier run of the tests used (rate-limit windows in Redis outlive a run). */
export const uniqueEmail = (who: string) => `${who}.${randomBytes(4).toString("hex")}@example.com`;
