/** Portfolios, their holdings and the analysis snapshots: the only SQL about them. */
import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";
import type { OwnerScope } from "@/accounts/viewer";

export interface HoldingRow {
  assetId: string;
  ticker: string;
  name: string | null;
  weight: number;
}

export interface PortfolioRow {
  id: string;
  ownerId: string;
  name: string;
  description: string | null;
  benchmark: string | null;
  riskFree: number;
  createdAt: Date;
  updatedAt: Date;
  holdings: HoldingRow[];
}

export type PortfolioPatch = Partial<Pick<PortfolioRow, "name" | "description" | "benchmark" | "riskFree">>;

const ownerWhere = (scope: OwnerScope): { ownerId?: string } =>
  scope.kind === "all" ? {} : { ownerId: scope.ownerId };

const withHoldings = {
  holdings: { include: { asset: { select: { ticker: true, name: true } } } },
} as const;

type Loaded = Prisma.PortfolioGetPayload<{ include: typeof withHoldings }>;

function toRow(p: Loaded): PortfolioRow {
  return {
    id: p.id,
    ownerId: p.ownerId,
    name: p.name,
    description: p.description,
    benchmark: p.benchmark,
    riskFree: p.riskFree,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    holdings: p.holdings
      .map((h) => ({ assetId: h.assetId, ticker: h.asset.ticker, name: h.asset.name, weight: h.weight }))
      .sort((a, b) => b.weight - a.weight || a.ticker.localeCompare(b.ticker)),
  };
}

export async function listPortfolios(scope: OwnerScope, limit: number): Promise<PortfolioRow[]> {
  const rows = await db().portfolio.findMany({
    where: ownerWhere(scope),
    include: withHoldings,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  return rows.map(toRow);
}

/** Every portfolio of every account, oldest first (the nightly analysis.allPortfolios). */
export async function listAllPortfolioIds(limit: number): Promise<{ id: string; ownerId: string; name: string }[]> {
  return db().portfolio.findMany({
    select: { id: true, ownerId: true, name: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
  });
}

export async function countPortfolios(ownerId: string): Promise<number> {
  return db().portfolio.count({ where: { ownerId } });
}

export async function findPortfolio(id: string, scope: OwnerScope): Promise<PortfolioRow | null> {
  const p = await db().portfolio.findFirst({ where: { id, ...ownerWhere(scope) }, include: withHoldings });
  return p ? toRow(p) : null;
}

/** A new portfolio with its holdings (asset ids already resolved), in one transaction. */
export async function insertPortfolio(
  p: Pick<PortfolioRow, "ownerId" | "name" | "description" | "benchmark" | "riskFree">,
  holdings: readonly { assetId: string; weight: number }[],
): Promise<PortfolioRow> {
  const id = randomUUID();
  await db().$transaction(async (tx) => {
    await tx.portfolio.create({ data: { id, ...p } });
    if (holdings.length)
      await tx.portfolioHolding.createMany({ data: holdings.map((h) => ({ portfolioId: id, ...h })) });
  });
  return (await findPortfolio(id, { kind: "all" }))!;
}

export async function updatePortfolio(
  id: string,
  scope: OwnerScope,
  patch: PortfolioPatch,
): Promise<PortfolioRow | null> {
  const { count } = await db().portfolio.updateMany({ where: { id, ...ownerWhere(scope) }, data: patch });
  return count ? findPortfolio(id, scope) : null;
}

/** Replace every holding of a portfolio in one transaction; null when the portfolio is not in scope. */
export async function replaceHoldings(
  id: string,
  scope: OwnerScope,
  holdings: readonly { assetId: string; weight: number }[],
): Promise<PortfolioRow | null> {
  const found = await db().$transaction(async (tx) => {
    // Touch the row first: it locks the portfolio and checks the scope in the same statement.
    const { count } = await tx.portfolio.updateMany({
      where: { id, ...ownerWhere(scope) },
      data: { updatedAt: new Date() },
    });
    if (!count) return false;
    await tx.portfolioHolding.deleteMany({ where: { portfolioId: id } });
    if (holdings.length)
      await tx.portfolioHolding.createMany({ data: holdings.map((h) => ({ portfolioId: id, ...h })) });
    return true;
  });
  return found ? findPortfolio(id, scope) : null;
}

export async function deletePortfolio(id: string, scope: OwnerScope): Promise<boolean> {
  const removed = (await db().portfolio.deleteMany({ where: { id, ...ownerWhere(scope) } })).count > 0;
  if (removed) await db().analysisSnapshot.deleteMany({ where: { kind: "portfolio", key: id } });
  return removed;
}

// ---- analysis snapshots ----

export interface SnapshotRow {
  kind: string;
  key: string;
  runId: string;
  data: unknown;
  createdAt: Date;
}

/** Keep the latest result of an analysis (one per kind and key). */
export async function upsertSnapshot(s: { kind: string; key: string; runId: string; data: unknown }): Promise<void> {
  const data = s.data as Prisma.InputJsonValue;
  await db().analysisSnapshot.upsert({
    where: { kind_key: { kind: s.kind, key: s.key } },
    create: { kind: s.kind, key: s.key, runId: s.runId, data },
    update: { runId: s.runId, data, createdAt: new Date() },
  });
}

export async function getSnapshot(kind: string, key: string): Promise<SnapshotRow | null> {
  return db().analysisSnapshot.findUnique({ where: { kind_key: { kind, key } } });
}
