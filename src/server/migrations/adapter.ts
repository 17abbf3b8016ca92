/**
 * `@prisma/adapter-pg` as the schema engine's driver adapter, with two defects of adapter-pg 7.10
 * worked around in `MigrateAdapterFactory`: the one-byte `"char"` type (OID 18) is reported as text,
 * and shadow databases are created, used and dropped by us (the adapter drops them before closing its
 * pool, and with a connection string the URL's database wins over the shadow name). Its
 * `executeScript` splits on ";" (breaking dollar-quoted bodies) and runs statements on any pooled
 * connection; here a script is sent as one simple query, which Postgres runs as one implicit
 * transaction, as the native engine does.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}
const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

// Instances of adapter-pg's internal classes, patched in place (their methods are not exported types).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAdapter = Record<string, any>;
const PG_CHAR_OID = 18; // the one-byte "char" of pg_catalog (contype, relkind, …)
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character of @prisma/driver-adapter-utils

/**
 * adapter-pg has no mapping for "char" and throws on it; the engine reads those columns as chars.
 * Report them as Character: the query runs with the field relabelled as text (so adapter-pg accepts
 * it) and the column type is then corrected in the result.
 */
function patchQueryable(a: AnyAdapter): void {
  const performIO = a.performIO.bind(a);
  const queryRaw = a.queryRaw;
  a.queryRaw = async (query: unknown) => {
    const charColumns: number[] = [];
    const self = Object.create(a) as AnyAdapter;
    self.performIO = async (q: unknown) => {
      const result = await performIO(q);
      (result?.fields ?? []).forEach((f: { dataTypeID: number }, i: number) => {
        if (f.dataTypeID === PG_CHAR_OID) {
          f.dataTypeID = 25;
          charColumns.push(i);
        }
      });
      return result;
    };
    const out = await queryRaw.call(self, query);
    for (const i of charColumns) out.columnTypes[i] = COLUMN_TYPE_CHARACTER;
    return out;
  };
}
function patchAdapter(a: AnyAdapter, pool: pg.Pool): AnyAdapter {
  patchQueryable(a);
  const startTransaction = a.startTransaction.bind(a);
  a.startTransaction = async (isolationLevel?: string) => {
    const tx = await startTransaction(isolationLevel);
    patchQueryable(tx);
    return tx;
  };
  a.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (e) {
      a.onError(e);
    }
  };
  return a;
}

export class MigrateAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "@prisma/adapter-pg";
  private pools = new Set<pg.Pool>();
  private cleanups: (() => Promise<void>)[] = [];

  constructor(
    private readonly url: string,
    private readonly shadowUrl: string | undefined,
  ) {}

  private pool(connectionString: string): pg.Pool {
    const pool = new pg.Pool({ connectionString, max: 4, allowExitOnIdle: true, idleTimeoutMillis: 1000 });
    pool.on("error", () => {}); // idle client errors (e.g. database dropped) are not fatal here
    this.pools.add(pool);
    return pool;
  }

  private async adapterOn(connectionString: string, onDispose?: () => Promise<void>): Promise<AnyAdapter> {
    const pool = this.pool(connectionString);
    const adapter = patchAdapter((await new PrismaPg(pool).connect()) as unknown as AnyAdapter, pool);
    let disposed = false;
    adapter.dispose = async () => {
      if (disposed) return;
      disposed = true;
      this.pools.delete(pool);
      await pool.end().catch(() => {});
      await onDispose?.();
    };
    if (onDispose) this.cleanups.push(() => adapter.dispose());
    return adapter;
  }

  connect(): Promise<AnyAdapter> {
    return this.adapterOn(this.url);
  }

  async connectToShadowDb(): Promise<AnyAdapter> {
    if (this.shadowUrl) {
      await wipeDatabase(this.shadowUrl);
      return this.adapterOn(this.shadowUrl);
    }
    const name = `fluxo_shadow_${process.pid}_${randomBytes(5).toString("hex")}`;
    await adminQuery(this.url, `CREATE DATABASE ${quoteIdent(name)}`);
    return this.adapterOn(withDatabase(this.url, name), () =>
      adminQuery(this.url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => {}),
    );
  }

  /** Drop leftover shadow databases and end every pool. */
  async close(): Promise<void> {
    for (const c of this.cleanups.splice(0)) await c();
    await Promise.all([...this.pools].map((p) => p.end().catch(() => {})));
    this.pools.clear();
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

async function wipeDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema'`,
    );
    for (const r of rows) await client.query(`DROP SCHEMA ${quoteIdent(r.nspname)} CASCADE`);
    await client.query("CREATE SCHEMA public");
  } finally {
    await client.end().catch(() => {});
  }
}

export function sameDatabase(a: string, b: string): boolean {
  const x = new URL(a);
  const y = new URL(b);
  return x.hostname === y.hostname && (x.port || "5432") === (y.port || "5432") && x.pathname === y.pathname;
}
