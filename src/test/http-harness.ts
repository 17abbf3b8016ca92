/**
 * Drive Fluxo's real route handlers (better-auth, tRPC, HTTP API, SSE) in-process with real
 * Request/Response objects on a fresh, migrated database of its own, so account tests start with no
 * accounts. Nothing is mocked: the handlers reach the real Postgres (and Redis when REDIS_URL is set).
 */
import { randomBytes } from "node:crypto";
import { resetEnvCache } from "@/env";
import { prepareTestDatabase, type TestDatabase } from "./test-database";
import type { AnyTask } from "@/runs/define-task";

export const BASE = "http://fluxo.test";

export interface Harness {
  db: TestDatabase;
  routes: { auth: typeof import("@/app/api/auth/[...all]/route") };
  /** The documented contract checked on every answer (see ./contract.ts). */
  contract: import("./contract").ContractLog;
  /** Answer a request as a deployment does: the edge's paths by the edge app, sign-in by Next's route. */
  fetch(req: Request): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Start on database `name` (dropped and made anew); `env` is applied before any module reads it.
 * The API and tRPC know the app's tasks, plus `extraTasks` (a test's own).
 */
export async function startHarness(
  name: string,
  env: Record<string, string> = {},
  extraTasks: readonly AnyTask[] = [],
): Promise<Harness> {
  const db = await prepareTestDatabase(name, `.data/pg-${name}`);
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    FLUXO_URL: BASE,
    ...env,
  });
  resetEnvCache();
  const routes = { auth: await import("@/app/api/auth/[...all]/route") };
  const edge = await import("@/edge/app");
  const contract = (await import("./contract")).watchContract();
  const { taskList } = await import("@/tasks/catalog");
  const tasks = (await import("@/runs/task-catalog")).taskCatalog([...taskList, ...extraTasks]);
  const edgeApp = edge.createEdgeApp({ corsOrigins: [], trustProxy: false, tasks });
  return {
    db,
    routes,
    contract,
    async fetch(req: Request) {
      if (!edge.isEdgePath(new URL(req.url).pathname)) return routes.auth[req.method as "GET" | "POST"](req);
      const res = await edgeApp.fetch(req);
      // Every answer is checked against the documented contract (./contract.ts); a breach fails the test.
      const broken = contract.problems.splice(0);
      if (broken.length) throw new Error(`the API broke its documented contract:\n${broken.join("\n")}`);
      return res;
    },
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

/** A tRPC reply's data (`{ result: { data } }`), typed as the caller expects. */
export const trpcData = <T>(r: Reply) => (r.body as { result: { data: T } }).result.data;

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
    return reply(await this.h.fetch(new Request(`${BASE}/api/trpc/${path}${q}`, { headers: this.headers() })));
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
      await this.h.fetch(
        new Request(`${BASE}/api/trpc/${path}`, { method: "POST", headers: this.headers(extra), body }),
      ),
    );
  }

  /** Call the HTTP API (through the edge's router, as a deployment answers it: its headers, its 404/405). */
  async api(
    url: string,
    o: { method?: string; body?: string; csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const extra: Record<string, string> = {
      ...(o.body !== undefined ? { "content-type": "application/json" } : {}),
      ...o.headers,
    };
    if (o.csrf !== false && this.csrf && !this.bearer) extra["x-csrf-token"] = this.csrf;
    const req = new Request(`${BASE}${url}`, { method: o.method ?? "GET", headers: this.headers(extra), body: o.body });
    return reply(await this.h.fetch(req));
  }
}

/** An email no earlier run of the tests used (rate-limit windows in Redis outlive a run). */
export const uniqueEmail = (who: string) => `${who}.${randomBytes(4).toString("hex")}@example.com`;
