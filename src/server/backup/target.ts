/**
 * The database `npm run backup` / `npm run restore` work on: DATABASE_DIRECT_URL, else DATABASE_URL;
 * without either, the embedded Postgres in $FLUXO_DATA_DIR/pg (as `npm start` uses it). A server
 * already running on that data dir (a Fluxo started with `npm start`) is used where it listens (port
 * from its postmaster.pid, credentials from <dataDir>.credentials.json); otherwise one is started for
 * the command and stopped after it — a restore into a data dir that does not exist yet creates it.
 */
import fs from "node:fs";
import path from "node:path";
import { env } from "@/env";
import { startEmbeddedPostgres } from "@/server/embedded-postgres";
import { describeDatabase } from "./dump";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface Target {
  url: string;
  /** Where it is, for messages (no credentials). */
  label: string;
  close(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The URL of a server running on `dataDir` right now, if any. */
export function runningEmbedded(dataDir: string, database = "fluxo"): string | undefined {
  let pidLines: string[];
  try {
    pidLines = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(pidLines[0]);
  const port = Number(pidLines[3]);
  if (!(pid > 0 && port > 0 && isAlive(pid))) return undefined;
  const creds = JSON.parse(fs.readFileSync(`${dataDir}.credentials.json`, "utf8")) as {
    user: string;
    password: string;
  };
  return `postgresql://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${database}`;
}

export async function openTarget(purpose: "backup" | "restore", log: (l: string) => void): Promise<Target> {
  const e = env();
  const url = e.DATABASE_DIRECT_URL ?? e.DATABASE_URL;
  if (url) return { url, label: describeDatabase(url), close: async () => {} };
  const dataDir = path.resolve(ROOT, e.FLUXO_DATA_DIR, "pg");
  const rel = path.relative(process.cwd(), dataDir) || dataDir;
  const running = runningEmbedded(dataDir);
  if (running) return { url: running, label: `the running embedded Postgres (${rel})`, close: async () => {} };
  if (purpose === "backup" && !fs.existsSync(path.join(dataDir, "PG_VERSION")))
    throw new Error(`DATABASE_URL is not set and there is no embedded database in ${rel}: nothing to back up`);
  log(`starting the embedded Postgres in ${rel} for the ${purpose}`);
  const pg = await startEmbeddedPostgres(dataDir, { log });
  return { url: pg.url, label: `the embedded Postgres (${rel})`, close: () => pg.stop() };
}
