/** Structured logging (pino). Secrets are redacted by path. */
import pino from "pino";

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { proc: process.env.FLUXO_PROCESS ?? "app" },
  redact: {
    paths: ["password", "*.password", "token", "*.token", "authorization", "*.authorization", "databaseUrl", "redisUrl"],
    censor: "[redacted]",
  },
});

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
