/**
 * Fluxo's configuration, validated in one place and shared by web, worker, launcher and CLI.
 * Every variable is listed in README.md ("Configuration") and .env.example.
 */
import { z } from "zod";
import { isQueueName, MAX_QUEUE_CONCURRENCY, QUEUES, type QueueName } from "@/runs/queues";

const bool = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const intIn = (min: number, max: number, dflt: number) => z.coerce.number().int().min(min).max(max).default(dflt);
/** A whole number in [min, max] whose refusal names the variable and both limits. */
const namedIntIn = (name: string, min: number, max: number, dflt: number) => {
  const msg = `${name} must be a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}`;
  return z.coerce.number({ error: msg }).int(msg).min(min, msg).max(max, msg).default(dflt);
};

/** A comma-separated list (empty: none) of distinct values, each `normalise`d and then `check`ed (a message, or null). */
const commaList = (check: (v: string) => string | null, normalise = (v: string) => v) =>
  z
    .string()
    .default("")
    .transform((s, ctx) => {
      const out = [
        ...new Set(
          s
            .split(",")
            .map((x) => normalise(x.trim()))
            .filter(Boolean),
        ),
      ];
      for (const v of out) {
        const problem = check(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }
      return out;
    });

export const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** Postgres connection string. Absent: the launcher starts an embedded Postgres and sets it. */
    DATABASE_URL: z.string().url().optional(),
    /**
     * A direct PostgreSQL connection (no pooler) for what needs a session: LISTEN, session advisory
     * locks (migrations) and Graphile Worker's own pool. Default DATABASE_URL. Set it when DATABASE_URL
     * is a transaction-mode pooler (PgBouncer): Fluxo then sends no named prepared statements on DATABASE_URL.
     */
    DATABASE_DIRECT_URL: z.string().url().optional(),
    /** Redis connection string. Absent: progress/cancel use Postgres LISTEN/NOTIFY. */
    REDIS_URL: z.string().url().optional(),
    /** HTTP port of the web process. */
    PORT: intIn(1, 65535, 3000),
    /** Interface the web process binds to. */
    HOST: z.string().default("127.0.0.1"),
    /** Folder for local state (embedded Postgres data). */
    FLUXO_DATA_DIR: z.string().default(".data"),
    /**
     * Parallel runs per worker process. Most runs wait on I/O (HTTP sources, PostgreSQL); CPU work is
     * bounded by each queue's limit and runs on kernel threads, so 8 keeps two cores busy without
     * oversubscribing them (drain of 10,000 no-op runs here: 581 runs/s at 4, 837 at 8, no better at 12/16).
     */
    WORKER_CONCURRENCY: intIn(1, 256, 8),
    /**
     * OS scheduling priority (nice, 0..19) of a worker process and its kernel threads: above 0 it gives
     * the CPU to the web process and the database first on a shared host, so submissions and pages do
     * not wait behind computations. 0 on a host of its own if you prefer.
     */
    WORKER_NICE: intIn(0, 19, 10),
    /** Queues this worker serves (comma-separated; default all). The CLI flag `--queues` sets it too. */
    WORKER_QUEUES: z
      .string()
      .default(QUEUES.join(","))
      .transform((s, ctx) => {
        const names = s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean);
        const bad = names.filter((n) => !isQueueName(n));
        if (bad.length || names.length === 0)
          ctx.addIssue({
            code: "custom",
            message: `must list queues among ${QUEUES.join(", ")} (got ${bad.join(", ") || "none"})`,
          });
        return [...new Set(names)] as QueueName[];
      }),
    /** Per-queue concurrency set when a worker starts, e.g. `analysis=4,reports=2` (else the stored setting). */
    QUEUE_CONCURRENCY: z
      .string()
      .default("")
      .transform((s, ctx) => {
        const out: Partial<Record<QueueName, number>> = {};
        for (const part of s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)) {
          const m = /^([a-z_]+)=(\d{1,4})$/.exec(part);
          const n = m ? Number(m[2]) : NaN;
          if (!m || !isQueueName(m[1]!) || n < 1 || n > MAX_QUEUE_CONCURRENCY) {
            ctx.addIssue({
              code: "custom",
              message: `"${part}" must be <queue>=<1..${MAX_QUEUE_CONCURRENCY}> with a queue among ${QUEUES.join(", ")}`,
            });
            continue;
          }
          out[m[1] as QueueName] = n;
        }
        return out;
      }),
    /** How often (ms) a worker polls Postgres for scheduled/retried jobs. */
    WORKER_POLL_INTERVAL_MS: intIn(50, 60_000, 500),
    /** Jobs a worker fetches at a time (Graphile's local queue); 0 fetches one per free slot. Default WORKER_CONCURRENCY + 1. */
    WORKER_LOCAL_QUEUE_SIZE: z.coerce.number().int().min(0).max(1000).optional(),
    /** How often (ms) a worker beats: its `workers` row and the heartbeat_at of the runs it holds. */
    WORKER_HEARTBEAT_MS: intIn(100, 60_000, 5000),
    /** A worker with no beat for this long (ms) is dead: the sweeper releases its jobs for retry. */
    WORKER_DEAD_AFTER_MS: intIn(1000, 3_600_000, 20_000),
    /** How long a finished run is kept when its task sets no retention of its own (days). */
    RUN_RETENTION_DAYS: intIn(1, 3650, 30),
    /** How long an idempotency key names its run (hours): a second submit with the key within it gets that run. */
    IDEMPOTENCY_TTL_HOURS: intIn(1, 24 * 30, 24),
    /** Port a worker process serves its Prometheus metrics on (GET /metrics); unset: none. Each worker on a host needs its own. */
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Interface of the worker metrics port. */
    WORKER_METRICS_HOST: z.string().default("127.0.0.1"),
    /** Let webhooks call loopback and private addresses (tests, a trusted LAN). Off: they are refused (SSRF). */
    WEBHOOKS_ALLOW_PRIVATE: bool,
    /** How often (ms) each worker ticks schedules (0: this worker does not tick). */
    SCHEDULE_TICK_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    /** Progress publish interval (ms) — live updates; persisted snapshots are ~1 Hz. */
    PROGRESS_PUBLISH_MS: intIn(10, 10_000, 100),
    PROGRESS_PERSIST_MS: intIn(100, 60_000, 1000),
    /** Grace (ms) a CPU kernel gets after cancel before its thread is terminated. */
    CANCEL_GRACE_MS: intIn(50, 60_000, 500),
    /**
     * A forecast.when with more trials than this is cut into chunk runs spread over every worker
     * (65,536..10,000,000: up to 10,000,000 trials a forecast may also run in one process).
     */
    FORECAST_SPLIT_ABOVE_TRIALS: namedIntIn("FORECAST_SPLIT_ABOVE_TRIALS", 65_536, 10_000_000, 10_000_000),
    /** Trials per chunk run of a split forecast (rounded up to whole blocks of 65,536; at most 500 chunks). */
    FORECAST_CHUNK_TRIALS: namedIntIn("FORECAST_CHUNK_TRIALS", 65_536, 100_000_000, 10_000_000),
    /** Cache backend: memory (L1 only), redis (L2 only), tiered (L1 + L2). Default: tiered with REDIS_URL, else memory. */
    CACHE_BACKEND: z.enum(["memory", "redis", "tiered"]).optional(),
    /** L1 (in-process LRU) bounds. */
    CACHE_L1_MAX_ENTRIES: intIn(1, 10_000_000, 10_000),
    CACHE_L1_MAX_BYTES: intIn(1024, 8 * 1024 ** 3, 64 * 1024 ** 2),
    /** Largest value the cache stores (serialised bytes); larger ones are refused with a clear error. */
    CACHE_MAX_VALUE_BYTES: intIn(64, 512 * 1024 ** 2, 8 * 1024 ** 2),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Base URL the CLI talks to (for commands that use the server). */
    FLUXO_URL: z.string().url().optional(),
    /**
     * Key that signs session cookies and CSRF tokens (at least 32 characters). Absent: one is made
     * on first start and kept in FLUXO_DATA_DIR/auth-secret (mode 0600). Set it when web nodes scale out.
     */
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /** Extra origins allowed to send cookie-authenticated requests (comma-separated), besides FLUXO_URL. */
    AUTH_TRUSTED_ORIGINS: z.string().default(""),
    /** Require a verified email before sign-in. Needs a mailer plugged into src/accounts/auth.ts (none ships). */
    AUTH_REQUIRE_EMAIL_VERIFICATION: bool,
    /** Allow self sign-up (the first account always can: it becomes admin). */
    AUTH_ALLOW_SIGNUP: z
      .enum(["0", "1", "true", "false"])
      .default("true")
      .transform((v) => v === "1" || v === "true"),
    /** Sign-in attempts allowed per minute, per client address and per email. */
    RATE_LIMIT_SIGNIN_PER_MIN: intIn(1, 10_000, 10),
    /** Runs a user may submit per minute. */
    RATE_LIMIT_SUBMIT_PER_MIN: intIn(1, 100_000, 120),
    /** Job-table health (src/runs/table-health.ts): oldest open transaction (s) that warns / is critical. */
    TABLE_HEALTH_XMIN_WARN_S: namedIntIn("TABLE_HEALTH_XMIN_WARN_S", 1, 86_400, 300),
    TABLE_HEALTH_XMIN_CRITICAL_S: namedIntIn("TABLE_HEALTH_XMIN_CRITICAL_S", 1, 86_400, 1800),
    /** Dead share (%) of a hot table's tuples that warns / is critical, counted from this many dead tuples. */
    TABLE_HEALTH_DEAD_WARN_PCT: namedIntIn("TABLE_HEALTH_DEAD_WARN_PCT", 1, 100, 20),
    TABLE_HEALTH_DEAD_CRITICAL_PCT: namedIntIn("TABLE_HEALTH_DEAD_CRITICAL_PCT", 1, 100, 50),
    TABLE_HEALTH_DEAD_MIN_TUPLES: namedIntIn("TABLE_HEALTH_DEAD_MIN_TUPLES", 0, 1_000_000_000, 10_000),
    /** A statement running (or idle in a transaction) this long (s) is listed and warns. */
    TABLE_HEALTH_LONG_QUERY_S: namedIntIn("TABLE_HEALTH_LONG_QUERY_S", 1, 86_400, 60),
    /** Admission control (src/runs/admission.ts): a queue whose oldest run waits this long (s) refuses new low-priority runs; 0: never. */
    ADMISSION_QUEUE_WAIT_S: namedIntIn("ADMISSION_QUEUE_WAIT_S", 0, 86_400, 600),
    /** A submission with a priority below this is low priority (refused first under pressure). */
    ADMISSION_LOW_PRIORITY_BELOW: namedIntIn("ADMISSION_LOW_PRIORITY_BELOW", -999, 1000, 0),
    /** How often (ms) a process re-reads the admission state (table health and queue waits). */
    ADMISSION_REFRESH_MS: namedIntIn("ADMISSION_REFRESH_MS", 1000, 60_000, 5000),
    /** The Retry-After (s) of a refused low-priority submission. */
    ADMISSION_RETRY_AFTER_S: namedIntIn("ADMISSION_RETRY_AFTER_S", 1, 3600, 30),
    /** Largest request body (bytes) the API and tRPC accept. */
    MAX_BODY_BYTES: intIn(1024, 64 * 1024 ** 2, 2 * 1024 ** 2),
    /** A client must send its request headers within this many ms (slow-loris guard on the web port). */
    HTTP_HEADERS_TIMEOUT_MS: intIn(1000, 600_000, 10_000),
    /** A client must send its whole request (headers and body) within this many ms; responses and streams are not limited. */
    HTTP_REQUEST_TIMEOUT_MS: intIn(1000, 3_600_000, 30_000),
    /** Origins allowed to call the HTTP API from a browser (CORS, comma-separated); empty: none (closed). */
    API_CORS_ORIGINS: commaList(
      (o) => (/^https?:\/\/[^/]+$/i.test(o) ? null : `"${o}" must be an origin like https://app.example.com`),
      (o) => o.replace(/\/$/, ""),
    ),
    /** Behind a reverse proxy: trust X-Forwarded-For / X-Forwarded-Proto (client address, HSTS). */
    TRUST_PROXY: bool,
    /** Bearer token a Prometheus scraper may send to /metrics (an admin's session or API token also works). */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    NEXT_TELEMETRY_DISABLED: bool,
    /**
     * OpenTelemetry traces (src/server/tracing.ts): OTLP/HTTP base URL of a collector (…/v1/traces is
     * appended). Unset: tracing is off and its SDK is never loaded.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
    /** The service name traces carry (the process's role is the resource attribute fluxo.process: web, worker). */
    OTEL_SERVICE_NAME: z.string().min(1).max(100).default("fluxo"),
    /** Market data provider for B3 prices and fundamentals: brapi, yahoo (chart API) or demo (offline, seeded model). */
    MARKET_PROVIDER: z.enum(["brapi", "yahoo", "demo"]).default("yahoo"),
    /** brapi.dev base URL (/api/quote/… is appended). */
    BRAPI_URL: z.string().url().default("https://brapi.dev"),
    /** brapi.dev token (Authorization: Bearer); unset: only brapi's free tickers and ranges. */
    BRAPI_TOKEN: z.string().min(1).optional(),
    /** Yahoo Finance chart API base URL (/v8/finance/chart/… is appended). */
    YAHOO_CHART_URL: z.string().url().default("https://query1.finance.yahoo.com"),
    /** RSS/Atom feeds the market news task reads (comma-separated URLs; empty: none). */
    MARKET_NEWS_FEEDS: commaList((u) =>
      z.string().url().safeParse(u).success && /^https?:/i.test(u) ? null : `"${u}" must be an http(s) URL`,
    ),
    /** Per-request timeout (ms) of the market data providers and news feeds. */
    MARKET_HTTP_TIMEOUT_MS: intIn(100, 300_000, 15_000),
    /** NASA POWER daily point endpoint (ETo weather source). */
    NASA_POWER_URL: z.string().url().default("https://power.larc.nasa.gov/api/temporal/daily/point"),
    /** Open-Meteo historical (ERA5) endpoint. */
    OPEN_METEO_ARCHIVE_URL: z.string().url().default("https://archive-api.open-meteo.com/v1/archive"),
    /** Open-Meteo forecast endpoint. */
    OPEN_METEO_FORECAST_URL: z.string().url().default("https://api.open-meteo.com/v1/forecast"),
    /** Open-Meteo elevation endpoint (site elevation lookup). */
    OPEN_METEO_ELEVATION_URL: z.string().url().default("https://api.open-meteo.com/v1/elevation"),
    /** MET Norway Locationforecast 2.0 /complete endpoint. */
    MET_NORWAY_URL: z.string().url().default("https://api.met.no/weatherapi/locationforecast/2.0/complete"),
    /** US NWS API base (/points and /gridpoints are appended). */
    NWS_URL: z.string().url().default("https://api.weather.gov"),
    /** User-Agent on every weather request: MET Norway and NWS refuse anonymous ones; name the app and a contact. */
    WEATHER_USER_AGENT: z.string().min(8).default("Fluxo/0.1 (+https://github.com/fluxo; ops@fluxo.invalid)"),
    /** Per-request timeout (ms) for the weather sources. */
    WEATHER_TIMEOUT_MS: intIn(100, 300_000, 15_000),
    /** Retries after a network error, 5xx or 429 (0: none). */
    WEATHER_RETRIES: intIn(0, 10, 3),
    /** Backoff base (ms): retry n waits a random time up to base·2^(n−1). */
    WEATHER_RETRY_BASE_MS: intIn(1, 60_000, 500),
    /** Longest Retry-After (ms) honoured; a longer one fails at once as rate-limited. */
    WEATHER_RETRY_AFTER_MAX_MS: intIn(0, 600_000, 30_000),
    /** Requests per second per weather source, e.g. `nasa-power=1,met-norway=5` (unlisted: built-in defaults). */
    WEATHER_RATE_LIMITS: z
      .string()
      .default("")
      .transform((s, ctx) => {
        const out: Record<string, number> = {};
        for (const part of s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)) {
          const m = /^([a-z-]+)=(\d+(?:\.\d+)?)$/.exec(part);
          if (!m || !(Number(m[2]) > 0)) {
            ctx.addIssue({ code: "custom", message: `"${part}" must be <source>=<requests per second>` });
            continue;
          }
          out[m[1]!] = Number(m[2]);
        }
        return out;
      }),
    /**
     * AI narrative providers (OpenAI-compatible chat completions), a JSON list
     * `[{"name":"a","baseUrl":"https://…/v1","model":"m","apiKey":"…"}]`; empty: none (reports get a
     * deterministic narrative generated from the metrics).
     */
    AI_PROVIDERS: z
      .string()
      .default("")
      .transform((s, ctx) => {
        if (!s.trim()) return [] as { name: string; baseUrl: string; model: string; apiKey?: string }[];
        const item = z.object({
          name: z.string().min(1).max(40),
          baseUrl: z.string().url(),
          model: z.string().min(1).max(200),
          apiKey: z.string().optional(),
        });
        let raw: unknown;
        try {
          raw = JSON.parse(s);
        } catch {
          ctx.addIssue({ code: "custom", message: 'must be a JSON list [{"name","baseUrl","model","apiKey"?}]' });
          return z.NEVER;
        }
        const parsed = z.array(item).max(10).safeParse(raw);
        if (!parsed.success) {
          const i = parsed.error.issues[0];
          ctx.addIssue({ code: "custom", message: `${i?.path.join(".") || "list"}: ${i?.message ?? "invalid"}` });
          return z.NEVER;
        }
        return parsed.data;
      }),
    /** Per-provider request timeout (ms) of the AI narrative. */
    AI_TIMEOUT_MS: intIn(100, 600_000, 30_000),
    /** How long a built AI prompt is cached (s). */
    AI_PROMPT_CACHE_TTL_S: intIn(0, 7 * 86_400, 3600),
    /** How long an AI provider's answer is cached (s). */
    AI_RESPONSE_CACHE_TTL_S: intIn(0, 86_400, 300),
  })
  .refine((e) => !e.DATABASE_DIRECT_URL || e.DATABASE_URL, {
    path: ["DATABASE_DIRECT_URL"],
    message: "needs DATABASE_URL too (the direct connection is for what a pooler cannot carry)",
  })
  .refine((e) => e.TABLE_HEALTH_XMIN_WARN_S <= e.TABLE_HEALTH_XMIN_CRITICAL_S, {
    path: ["TABLE_HEALTH_XMIN_WARN_S"],
    message: "must not be above TABLE_HEALTH_XMIN_CRITICAL_S",
  })
  .refine((e) => e.TABLE_HEALTH_DEAD_WARN_PCT <= e.TABLE_HEALTH_DEAD_CRITICAL_PCT, {
    path: ["TABLE_HEALTH_DEAD_WARN_PCT"],
    message: "must not be above TABLE_HEALTH_DEAD_CRITICAL_PCT",
  })
  .refine((e) => e.WORKER_DEAD_AFTER_MS >= 2 * e.WORKER_HEARTBEAT_MS, {
    path: ["WORKER_DEAD_AFTER_MS"],
    message: "must be at least twice WORKER_HEARTBEAT_MS (one late beat must not make a worker dead)",
  });

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

/** Parse process.env once; throws a message naming every bad variable. */
export function env(): TEnv {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (the launcher sets it when it starts embedded Postgres)");
  return url;
}

/** The direct connection (DATABASE_DIRECT_URL, else DATABASE_URL): LISTEN, session advisory locks, migrations, Graphile Worker. */
export function requireDirectDatabaseUrl(): string {
  return env().DATABASE_DIRECT_URL ?? requireDatabaseUrl();
}

/** DATABASE_URL is a pooler (a different DATABASE_DIRECT_URL is set): statements on it must be transaction-mode safe. */
export function databaseUrlIsPooled(): boolean {
  const e = env();
  return !!e.DATABASE_DIRECT_URL && e.DATABASE_DIRECT_URL !== e.DATABASE_URL;
}
