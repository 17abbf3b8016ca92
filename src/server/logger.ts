/** Structured logging (pino). Secrets are redacted by path; lines written inside a traced span carry its trace_id and span_id. */
import pino from "pino";
import { NO_TRACE_FIELDS, traceLogFields } from "./tracing";

/** Where secrets can sit in what Fluxo logs: credentials, cookies, tokens, connection strings. */
const REDACT_PATHS = [
  "password",
  "*.password",
  "newPassword",
  "*.newPassword",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "apiToken",
  "*.apiToken",
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "*.headers.cookie",
  "headers.authorization",
  "*.headers.authorization",
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  'headers["x-csrf-token"]',
  "databaseUrl",
  "redisUrl",
  "DATABASE_URL",
  "DATABASE_DIRECT_URL",
  "REDIS_URL",
  "AUTH_SECRET",
  "METRICS_TOKEN",
];

/** Fluxo's logger, writing to `destination` (standard output by default): level, process tag, redaction. */
export function createLogger(destination?: pino.DestinationStream) {
  const options: pino.LoggerOptions = {
    level: process.env.LOG_LEVEL ?? "info",
    base: { proc: process.env.FLUXO_PROCESS ?? "app" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    // trace_id/span_id of the active span (a run's submit, attempt): log lines join their trace. {} when tracing is off.
    mixin: () => traceLogFields(),
    // pino's default merge writes into the mixin's object; traceLogFields' {} is shared (and frozen), so
    // with nothing to add the line's own object goes on untouched (nothing allocated when tracing is off).
    mixinMergeStrategy: (line: object, trace: object) =>
      trace === NO_TRACE_FIELDS ? line : Object.assign(trace, line),
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger = createLogger();

export type Logger = typeof logger;

/** A connection URL fit for logs: the password replaced by ***. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
