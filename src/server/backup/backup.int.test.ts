/**
 * Backup → restore on real PostgreSQL: two fresh databases on the test server; the source holds
 * accounts, projects, portfolios and runs in every state (succeeded with events, running on a worker
 * that was kill -9ed, queued with its Graphile job). The restored copy matches row for row; a real
 * worker started on it runs the queued run and its sweeper recovers the running one. Refusals: a
 * non-empty target without --force, garbage, truncated, altered files, a backup from a newer schema.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { startEmbeddedPostgres } from "@/server/embedded-postgres";
import { deployMigrations } from "@/server/migrations";
import { closeConnections } from "@/test/close-connections";
import { testDatabaseUrl } from "@/test/db-url";
import { spawnWorker, stopWorker, type SpawnedWorker } from "@/test/spawn-worker";
import { waitForRun } from "@/test/wait-for-run";
import { backupDatabase } from "./dump";
import { readBackup } from "./format";
import { restoreDatabase } from "./restore";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const suffix = `${process.pid}_${Date.now()}`;
const SRC = `fluxo_bk_src_${suffix}`;
const DST = `fluxo_bk_dst_${suffix}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fluxo-backup-test-"));
const FILE = path.join(dir, "fluxo.backup");
const WORKER_ENV = { WORKER_HEARTBEAT_MS: "500", WORKER_DEAD_AFTER_MS: "3000" };

function urlOf(db: string): string {
  const u = new URL(testDatabaseUrl());
  u.pathname = `/${db}`;
  return u.toString();
}
async function withClient<T>(db: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: urlOf(db) });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}
/** Every row of every Fluxo and Graphile table, as sorted JSON text per table. */
function snapshot(db: string): Promise<Record<string, string[]>> {
  return withClient(db, async (c) => {
    const { rows } = await c.query<{ t: string }>(
      `select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as t from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname in ('public', 'graphile_worker') order by 1`,
    );
    const out: Record<string, string[]> = {};
    for (const { t } of rows) {
      const what = t === "graphile_worker.migrations" ? "id::text" : "to_jsonb(x)::text"; // its ts is the migrate's
      out[t] = (await c.query<{ j: string }>(`select ${what} as j from ${t} x order by 1`)).rows.map((r) => r.j);
    }
    return out;
  });
}
const tableCount = (db: string) =>
  withClient(db, async (c) =>
    Number(
      (await c.query(`select count(*) as n from pg_tables where schemaname in ('public', 'graphile_worker')`)).rows[0]
        .n,
    ),
  );

/** `npm run backup|restore` as a user runs it (tsx scripts/backup.ts). */
function cli(
  args: string[],
  db: string | { dataDir: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.DATABASE_DIRECT_URL;
  if (typeof db === "string") env.DATABASE_URL = urlOf(db);
  else {
    delete env.DATABASE_URL; // the embedded Postgres in FLUXO_DATA_DIR/pg
    env.FLUXO_DATA_DIR = db.dataDir;
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "scripts/backup.ts", ...args],
      { cwd: ROOT, env, timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

/** Rewrites the decompressed backup through `edit` and signs it again (a well-formed file with other content). */
function rewrite(from: string, to: string, edit: (text: string) => string): void {
  const text = zlib.gunzipSync(fs.readFileSync(from)).toString("utf8");
  const body = edit(text.slice(0, text.lastIndexOf("\nE ") + 1));
  const end = JSON.parse(text.slice(text.lastIndexOf("\nE ") + 3)) as { sha256: string };
  end.sha256 = createHash("sha256").update(body).digest("hex");
  fs.writeFileSync(to, zlib.gzipSync(`${body}E ${JSON.stringify(end)}\n`));
}

let m: {
  enqueue: typeof import("@/runs/enqueue").enqueue;
  tasks: typeof import("@/test/test-tasks");
};
let source: SpawnedWorker | undefined;
let restored: SpawnedWorker | undefined;
const ids = { succeeded: "", running: "", queued: "" };

beforeAll(async () => {
  await withClient("postgres", async (c) => {
    await c.query(`create database ${SRC}`);
    await c.query(`create database ${DST}`);
  });
  await deployMigrations(urlOf(SRC));
  process.env.DATABASE_URL = urlOf(SRC);
  resetEnvCache();
  m = { enqueue: (await import("@/runs/enqueue")).enqueue, tasks: await import("@/test/test-tasks") };
  await withClient(SRC, async (c) => {
    await c.query(`insert into users (id, name, email, email_verified, role, created_at, updated_at) values
      ('u-ana', 'Ana', 'ana@example.com', true, 'admin', now(), now()),
      ('u-bia', 'Bia', 'bia@example.com', false, 'user', now(), now())`);
    await c.query(`insert into accounts (id, account_id, provider_id, user_id, password, created_at, updated_at)
      values ('a-ana', 'u-ana', 'credential', 'u-ana', 'scrypt:xyz', now(), now())`);
    await c.query(`insert into projects (id, owner_id, name, backlog, created_at, updated_at)
      values (gen_random_uuid(), 'u-ana', 'Roadmap', 40, now(), now())`);
    await c.query(`insert into portfolios (id, owner_id, name, created_at, updated_at)
      values (gen_random_uuid(), 'u-bia', 'Dividends', now(), now())`);
  });
  source = await spawnWorker({ ...WORKER_ENV, DATABASE_URL: urlOf(SRC) });
  const done = await m.enqueue(m.tasks.stepsTask, { steps: 3, stepMs: 5 }, { ownerId: "u-ana" });
  ids.succeeded = (await waitForRun(done.id, (r) => r.status === "succeeded", 20_000)).id;
  const slow = await m.enqueue(m.tasks.slowTask, { ms: 3000 }, { ownerId: "u-bia" });
  ids.running = (await waitForRun(slow.id, (r) => r.status === "running" && r.progress > 0.05, 20_000)).id;
  const exited = new Promise((r) => source!.proc.once("exit", r));
  source.proc.kill("SIGKILL"); // the run stays `running`, its Graphile job locked by a worker that is gone
  await exited;
  ids.queued = (await m.enqueue(m.tasks.stepsTask, { steps: 2, stepMs: 5 }, { ownerId: "u-ana" })).id;
  // A rerun's link to its origin (runs → runs, ON DELETE SET NULL), pointing at a run written after it.
  await withClient(SRC, (c) =>
    c.query(`update runs set origin_run_id = $1 where id = $2`, [ids.queued, ids.succeeded]),
  );
}, 90_000);

afterAll(async () => {
  if (source && source.proc.exitCode === null && source.proc.signalCode === null) source.proc.kill("SIGKILL");
  await stopWorker(restored);
  await closeConnections();
  await withClient("postgres", async (c) => {
    await c.query(`drop database if exists ${SRC} with (force)`);
    await c.query(`drop database if exists ${DST} with (force)`);
  });
  // As root the embedded data lives in /var/tmp/fluxo-embedded-postgres (pg is a symlink to it): remove it too.
  const pgDir = path.join(dir, "data", "pg");
  if (fs.lstatSync(pgDir, { throwIfNoEntry: false })?.isSymbolicLink())
    fs.rmSync(fs.realpathSync(pgDir), { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  resetEnvCache();
});

describe("backup and restore", () => {
  it("writes a backup of every table and refuses files that are not intact backups, writing nothing", async () => {
    const s = await backupDatabase(urlOf(SRC), FILE);
    const rowsOf = (name: string) => s.tables.find((t) => t.name === name)?.rows;
    expect(rowsOf("public.users")).toBe(2);
    expect(rowsOf("public.runs")).toBe(3);
    expect(rowsOf("graphile_worker._private_jobs")).toBe(2); // the running run's and the queued run's
    expect(rowsOf("public.run_events")).toBeGreaterThan(3);
    expect(fs.statSync(FILE).size).toBe(s.bytes);

    fs.writeFileSync(path.join(dir, "garbage"), "this is not a backup\n".repeat(50));
    const whole = fs.readFileSync(FILE);
    fs.writeFileSync(path.join(dir, "truncated"), whole.subarray(0, Math.floor(whole.length / 2)));
    fs.writeFileSync(path.join(dir, "foreign.gz"), zlib.gzipSync("id,name\n1,Ana\n"));
    const text = zlib.gunzipSync(whole).toString("utf8");
    fs.writeFileSync(path.join(dir, "altered"), zlib.gzipSync(text.replace("Dividends", "Dividendz")));
    const cases: [string, RegExp][] = [
      ["garbage", /is not a usable Fluxo backup: not gzip data/],
      ["truncated", /is not a usable Fluxo backup: damaged: truncated/],
      ["foreign.gz", /is not a usable Fluxo backup: no Fluxo backup header/],
      ["altered", /is not a usable Fluxo backup: damaged: checksum mismatch/],
    ];
    for (const [name, message] of cases) {
      const r = await cli(["restore", path.join(dir, name)], DST);
      expect(r.code, name).toBe(1);
      expect(r.stderr.trim().split("\n").at(-1), name).toMatch(message);
    }
    expect(await tableCount(DST)).toBe(0); // nothing written

    const usage = await cli(["restore"], DST);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toMatch(/^usage: npm run backup -- FILE/);
  }, 90_000);

  it("refuses a backup from a newer schema, naming the migration, and a non-empty database without --force", async () => {
    const future = path.join(dir, "future");
    rewrite(FILE, future, (t) => t.replace('"migrations":[', '"migrations":["29991231000000_from_the_future",'));
    await expect(restoreDatabase(urlOf(DST), future)).rejects.toThrow(
      "migration 29991231000000_from_the_future is unknown to this code",
    );
    expect(await tableCount(DST)).toBe(0);

    await withClient(DST, (c) => c.query(`create table other_app (x int)`)); // a wrong DATABASE_URL, say
    const foreign = await cli(["restore", FILE], DST);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/holds tables that are not Fluxo's \(other_app\); .*add --force/);
    expect(await tableCount(DST)).toBe(1);
    await withClient(DST, (c) => c.query(`drop table other_app`));

    const before = await snapshot(SRC);
    const r = await cli(["restore", FILE], SRC);
    expect(r.code).toBe(1);
    const u = new URL(urlOf(SRC));
    expect(r.stderr.trim().split("\n").at(-1)).toBe(
      `restore: refused: database ${u.hostname}:${u.port || 5432}/${SRC} is not empty (users, runs, projects, portfolios hold rows); restoring replaces everything in it: add --force`,
    );
    expect(await snapshot(SRC)).toEqual(before);
  }, 60_000);

  it("restores into an empty database row for row; a worker then runs the queued run and recovers the running one", async () => {
    const s = await restoreDatabase(urlOf(DST), FILE);
    expect(s.rows).toBeGreaterThan(0);
    expect(await snapshot(DST)).toEqual(await snapshot(SRC));
    const statusOf = (id: string) =>
      withClient(DST, async (c) => (await c.query(`select status from runs where id = $1`, [id])).rows[0]?.status);
    expect(await statusOf(ids.queued)).toBe("queued");
    expect(await statusOf(ids.running)).toBe("running");
    expect(await statusOf(ids.succeeded)).toBe("succeeded");
    const originOf = await withClient(DST, (c) =>
      c.query(`select origin_run_id::text as o from runs where id = $1`, [ids.succeeded]),
    );
    expect(originOf.rows[0]?.o).toBe(ids.queued);

    restored = await spawnWorker({ ...WORKER_ENV, DATABASE_URL: urlOf(DST) });
    const until = async (id: string) => {
      for (let i = 0; i < 600; i++) {
        const st = await statusOf(id);
        if (st !== "queued" && st !== "running" && st !== "retrying") return st;
        await new Promise((r) => setTimeout(r, 100));
      }
      console.error(restored!.stderr());
      return statusOf(id);
    };
    expect(await until(ids.queued)).toBe("succeeded");
    expect(await until(ids.running)).toBe("succeeded");
    await withClient(DST, async (c) => {
      const run = (await c.query(`select attempt, worker_id, result from runs where id = $1`, [ids.running])).rows[0];
      expect(run.worker_id).toBe(restored!.workerId);
      expect(run.result).toEqual({ waited: 3000 });
      const ev = await c.query<{ status: string; reason: string | null }>(
        `select payload->>'status' as status, payload->>'reason' as reason from run_events
          where run_id = $1 and type = 'status' order by seq`,
        [ids.running],
      );
      expect(ev.rows.map((e) => e.status)).toEqual(["queued", "running", "retrying", "running", "succeeded"]);
      expect(ev.rows[2]!.reason).toBe("worker lost");
      const dead = await c.query(`select stopped_at from workers where id = $1`, [source!.workerId]);
      expect(dead.rows[0].stopped_at).not.toBeNull(); // swept on the restored database
    });
  }, 120_000);

  it("with --force replaces the data of a used database (once Fluxo is stopped), back to the backup's rows", async () => {
    const busy = await spawnWorker({ ...WORKER_ENV, DATABASE_URL: urlOf(DST) });
    try {
      const open = await cli(["restore", FILE, "--force"], DST);
      expect(open.code).toBe(1);
      expect(open.stderr).toMatch(/other open connection\(s\): stop Fluxo \(web and workers\) before restoring/);
    } finally {
      await stopWorker(busy);
      await stopWorker(restored);
    }
    const r = await cli(["restore", FILE, "--force"], DST);
    expect(r.code, r.stderr).toBe(0);
    expect(await snapshot(DST)).toEqual(await snapshot(SRC)); // the worker's changes are gone
  }, 90_000);

  it("restores into a fresh embedded PostgreSQL data dir and backs it up again, with the same rows", async () => {
    const dataDir = path.join(dir, "data");
    const r = await cli(["restore", FILE], { dataDir });
    expect(r.stderr).toMatch(/starting the embedded Postgres/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/restored .* into 127\.0\.0\.1:\d+\/fluxo: \d+ tables/);
    const again = path.join(dir, "again.backup");
    // While Fluxo runs on it (the launcher's embedded server), the backup uses that server, not a second one.
    const running = await startEmbeddedPostgres(path.join(dataDir, "pg"));
    let b: Awaited<ReturnType<typeof cli>>;
    try {
      b = await cli(["backup", again], { dataDir });
    } finally {
      await running.stop();
    }
    expect(b.stderr).toMatch(/database: the running embedded Postgres/);
    expect(b.stderr).not.toMatch(/starting the embedded Postgres/);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/^backup written to .*again\.backup: \d+ tables, \d+ rows, [\d.]+ MB in [\d.]+ s$/m);
    const [first, second] = await Promise.all([readBackup(FILE), readBackup(again)]);
    expect(second.trailer.rows).toEqual(first.trailer.rows);
    expect(second.header.migrations).toEqual(first.header.migrations);
    expect(second.header.serverVersion).toMatch(/^18\./); // the embedded PostgreSQL; the first came from the test server
    expect(first.header.serverVersion).toMatch(/^\d+\./);
    expect(fs.existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false); // the restore stopped the one it started
  }, 240_000);
});
