/** Migrations through the WebAssembly schema engine, on a scratch database of the test server. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/test/db-url";
import { deployMigrations, diffSchema, migrationStatus } from "./migrations";

/** The migration folders in the repository, in order. */
const local = fs
  .readdirSync("prisma/migrations", { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const scratch = `fluxo_mig_test_${randomBytes(4).toString("hex")}`;
let url: string;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const u = new URL(testDatabaseUrl());
  u.pathname = "/postgres";
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function query<R extends pg.QueryResultRow>(sql: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await admin((c) => c.query(`CREATE DATABASE "${scratch}"`));
  const u = new URL(testDatabaseUrl());
  u.pathname = `/${scratch}`;
  url = u.toString();
});

afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`));
});

describe("deployMigrations", () => {
  it("applies every migration and Graphile Worker's schema on a fresh database, once, under concurrency", async () => {
    const [a, b] = await Promise.all([deployMigrations(url), deployMigrations(url)]);
    expect(local[0]).toMatch(/^\d{14}_init$/);
    // One of the two deploys applies everything, in order; the other waits on the lock and finds nothing.
    expect([a.applied, b.applied].sort((x, y) => y.length - x.length)).toEqual([local, []]);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      "select migration_name, checksum, finished_at from _prisma_migrations",
    );
    expect(rows.map((r) => r.migration_name).sort()).toEqual(local);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
    }

    const tables = await query<{ t: string | null; g: string | null }>(
      "select to_regclass('public.runs')::text as t, to_regclass('graphile_worker.jobs')::text as g",
    );
    expect(tables[0]).toEqual({ t: "runs", g: "graphile_worker.jobs" });
  });

  it("applies nothing the second time", async () => {
    expect(await deployMigrations(url)).toEqual({ applied: [] });
  });

  it("reports the database up to date", async () => {
    const s = await migrationStatus(url);
    expect(s.upToDate).toBe(true);
    expect(s.pending).toEqual([]);
    expect(s.failed).toEqual([]);
    expect(s.applied).toEqual(s.local);
  });

  it("finds no drift between prisma/migrations and prisma/schema.prisma", async () => {
    const d = await diffSchema(url);
    expect(d.sql).toContain("empty migration");
    expect(d.drift).toBe(false);
  });

  it("leaves no shadow database behind", async () => {
    const rows = await admin((c) =>
      c.query("select datname from pg_database where datname like $1", [`fluxo\\_shadow\\_${process.pid}\\_%`]),
    );
    expect(rows.rows).toEqual([]);
  });
});
