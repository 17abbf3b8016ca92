/**
 * Is an error PostgreSQL or Redis being out of reach (stopped, restarting, connection cut) rather
 * than anything wrong with the request or the code? The HTTP API answers those with 503 and
 * Retry-After instead of 500, so clients (and `npm run chaos`) can tell an outage from a bug.
 */

/** Socket errors of a server that is not there (any more). */
const NET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
/** Prisma: can't reach / timed out / server closed the connection / pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** SQLSTATE: class 08 (connection exception), admin/crash shutdown, cannot connect now, too many connections. */
const PG_STATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;
const DB_MESSAGE =
  /Can't reach database server|Connection terminated|terminating connection due to|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|Server has closed the connection|timeout exceeded when trying to connect|Client has encountered a connection error/i;
const REDIS_MESSAGE = /max retries per request|Connection is closed\.|Stream isn't writeable/i;

export type UnavailableService = "database" | "redis";

export function unavailableService(err: unknown): UnavailableService | null {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === "object" && depth < 8; depth++) {
    const x = e as { name?: unknown; code?: unknown; message?: unknown; originalCode?: unknown; cause?: unknown };
    const name = String(x.name ?? "");
    const message = String(x.message ?? "");
    if (name === "MaxRetriesPerRequestError" || REDIS_MESSAGE.test(message)) return "redis";
    const code = String(x.code ?? x.originalCode ?? "");
    if (PRISMA_CODES.has(code) || PG_STATE.test(code) || NET_CODES.has(code) || DB_MESSAGE.test(message))
      return "database";
    // Prisma's driver-adapter errors carry the pg error in meta.driverAdapterError.cause
    const meta = (x as { meta?: { driverAdapterError?: unknown } }).meta;
    e = x.cause ?? meta?.driverAdapterError;
  }
  return null;
}
