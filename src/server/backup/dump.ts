/**
 * `npm run backup`: every table of Fluxo's schema (`public`) and Graphile Worker's (`graphile_worker`)
 * copied with COPY … TO STDOUT inside one REPEATABLE READ, READ ONLY transaction (one consistent
 * snapshot, no lock that blocks the queues: runs keep being taken and written while it runs), then the
 * sequences. Generated columns are left out (the restore's schema computes them). See format.ts.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { BackupWriter, FORMAT_VERSION, MAGIC, qualifiedName, quoteIdent, tableSql } from "./format";
import type { BackupHeader, BackupSequence, BackupTable } from "./format";

export const SCHEMAS = ["public", "graphile_worker"];
const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: { name: string; rows: number }[];
  rows: number;
  ms: number;
}

export function fluxoVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** host:port/database of a connection string, without credentials. */
export function describeDatabase(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
}

/** Tables in foreign-key order (referenced first); ties and any cycle's members by name. */
export function loadOrder(names: string[], edges: { from: string; to: string }[]): string[] {
  const deps = new Map(names.map((n) => [n, new Set<string>()]));
  for (const e of edges) if (e.from !== e.to && deps.has(e.to)) deps.get(e.from)?.add(e.to);
  const order: string[] = [];
  const left = new Set([...names].sort());
  while (left.size) {
    const ready = [...left].filter((n) => [...deps.get(n)!].every((d) => !left.has(d)));
    const take = ready.length ? ready : [[...left][0]!]; // a cycle: break it (its FKs fail loudly on restore)
    for (const n of take) {
      order.push(n);
      left.delete(n);
    }
  }
  return order;
}

async function listTables(client: pg.Client): Promise<BackupTable[]> {
  const { rows } = await client.query<{ schema: string; name: string; columns: string[] }>(
    `select n.nspname as schema, c.relname as name,
            array(select a.attname::text from pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                   order by a.attnum) as columns
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = any($1)`,
    [SCHEMAS],
  );
  const { rows: fks } = await client.query<{ from: string; to: string }>(
    `select fn.nspname || '.' || f.relname as "from", tn.nspname || '.' || t.relname as "to"
       from pg_constraint k
       join pg_class f on f.oid = k.conrelid join pg_namespace fn on fn.oid = f.relnamespace
       join pg_class t on t.oid = k.confrelid join pg_namespace tn on tn.oid = t.relnamespace
      where k.contype = 'f' and fn.nspname = any($1)`,
    [SCHEMAS],
  );
  const byName = new Map(rows.map((t) => [qualifiedName(t), t]));
  return loadOrder([...byName.keys()], fks).map((n) => byName.get(n)!);
}

async function listSequences(client: pg.Client): Promise<BackupSequence[]> {
  const { rows } = await client.query<{ schema: string; name: string }>(
    `select schemaname as schema, sequencename as name from pg_sequences where schemaname = any($1) order by 1, 2`,
    [SCHEMAS],
  );
  const out: BackupSequence[] = [];
  for (const s of rows) {
    const { rows: v } = await client.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text, is_called from ${tableSql(s)}`,
    );
    out.push({ ...s, lastValue: v[0]!.last_value, isCalled: v[0]!.is_called });
  }
  return out;
}

/** Backs up the database at `url` into `file` (replaced if it exists; written whole or not at all). */
export async function backupDatabase(
  url: string,
  file: string,
  log: (line: string) => void = () => {},
): Promise<BackupSummary> {
  const t0 = Date.now();
  const client = new pg.Client({ connectionString: url, application_name: "fluxo-backup" });
  client.on("error", () => {});
  await client.connect();
  const writer = new BackupWriter(file);
  try {
    await client.query("begin isolation level repeatable read, read only");
    const { rows: mig } = await client.query<{ exists: boolean }>(
      `select to_regclass('public._prisma_migrations') is not null as exists`,
    );
    if (!mig[0]?.exists) throw new Error(`${describeDatabase(url)} holds no Fluxo schema (no _prisma_migrations)`);
    const migrations = (
      await client.query<{ name: string }>(
        `select migration_name as name from _prisma_migrations
          where finished_at is not null and rolled_back_at is null order by migration_name`,
      )
    ).rows.map((r) => r.name);
    const graphile = await client.query<{ id: number }>(`select id from graphile_worker.migrations order by id`);
    const tables = await listTables(client);
    const header: BackupHeader = {
      format: FORMAT_VERSION,
      fluxoVersion: fluxoVersion(),
      createdAt: new Date().toISOString(),
      source: describeDatabase(url),
      serverVersion: (await client.query<{ server_version: string }>("show server_version")).rows[0]!.server_version,
      migrations,
      graphileMigrations: graphile.rows.map((r) => r.id),
      tables,
    };
    await writer.line(MAGIC);
    await writer.line(`H ${JSON.stringify(header)}`);
    const rows: Record<string, number> = {};
    for (const t of tables) {
      const cols = t.columns.map(quoteIdent).join(", ");
      const stream = client.query(copyTo(`COPY ${tableSql(t)} (${cols}) TO STDOUT`));
      rows[qualifiedName(t)] = await writer.table(t, stream as AsyncIterable<Buffer>);
      log(`  ${qualifiedName(t)}: ${rows[qualifiedName(t)]} rows`);
    }
    const sequences = await listSequences(client);
    await client.query("commit");
    const bytes = await writer.finish({ rows, sequences });
    const list = tables.map((t) => ({ name: qualifiedName(t), rows: rows[qualifiedName(t)]! }));
    return { file, bytes, tables: list, rows: list.reduce((s, t) => s + t.rows, 0), ms: Date.now() - t0 };
  } catch (e) {
    await writer.abort();
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}
