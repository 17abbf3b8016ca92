/** The one Prisma client of a process (Rust-free client over a pooled `pg` connection). */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { requireDatabaseUrl } from "@/env";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const g = globalThis as unknown as { __fluxoDb?: PrismaClient };

export function createDb(url = requireDatabaseUrl(), max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}

/** Lazily created so importing this module never needs a database (e.g. at build time). */
export function db(): PrismaClient {
  g.__fluxoDb ??= createDb();
  return g.__fluxoDb;
}

export async function closeDb(): Promise<void> {
  const c = g.__fluxoDb;
  g.__fluxoDb = undefined;
  await c?.$disconnect();
}
