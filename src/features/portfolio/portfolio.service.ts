/** Saved portfolios as people ask for them: the viewer's own, holdings checked against known assets. */
import { ownScope, type Viewer } from "@/accounts/viewer";
import { PortfolioInputError } from "@/domain/portfolio/errors";
import { findAssetsByTickers } from "@/features/market";
import type { PortfolioDto } from "./analysis.types";
import { PortfolioLimitError, PortfolioNotFoundError } from "./portfolio.errors";
import {
  countPortfolios,
  deletePortfolio,
  findPortfolio,
  insertPortfolio,
  listPortfolios,
  replaceHoldings,
  updatePortfolio,
  type PortfolioPatch,
  type PortfolioRow,
} from "./portfolio.repository";
import {
  normalisedHoldings,
  PORTFOLIO_LIMITS as L,
  type TCreatePortfolio,
  type TSetHoldings,
  type TUpdatePortfolio,
} from "./portfolio.schemas";

export function toPortfolioDto(p: PortfolioRow): PortfolioDto {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    benchmark: p.benchmark,
    riskFree: p.riskFree,
    holdings: p.holdings.map((h) => ({ ticker: h.ticker, name: h.name, weight: h.weight })),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

async function ownPortfolio(viewer: Viewer, id: string): Promise<PortfolioRow> {
  const p = await findPortfolio(id, ownScope(viewer));
  if (!p) throw new PortfolioNotFoundError(`portfolio ${id} not found`);
  return p;
}

/** The holdings with their asset ids; an unknown ticker is refused naming it and its place. */
async function resolveHoldings(
  list: readonly { ticker: string; weight: number }[],
  normalise: boolean | undefined,
): Promise<{ assetId: string; weight: number }[]> {
  const assets = new Map((await findAssetsByTickers(list.map((h) => h.ticker))).map((a) => [a.ticker, a]));
  const missing = list.findIndex((h) => !assets.has(h.ticker));
  if (missing >= 0) {
    const t = list[missing]!.ticker;
    throw new PortfolioInputError(
      `holdings.${missing}.ticker`,
      `holdings[${missing}].ticker: ${t} is not a known asset; add it on the assets page (or collect it) first`,
    );
  }
  return normalisedHoldings(list, normalise).map((h) => ({ assetId: assets.get(h.ticker)!.id, weight: h.weight }));
}

async function checkBenchmark(benchmark: string | null | undefined): Promise<void> {
  if (!benchmark) return;
  if (!(await findAssetsByTickers([benchmark])).length)
    throw new PortfolioInputError(
      "benchmark",
      `benchmark: ${benchmark} is not a known asset; add it on the assets page (or collect it) first`,
    );
}

export async function listPortfoliosOf(viewer: Viewer): Promise<PortfolioDto[]> {
  return (await listPortfolios(ownScope(viewer), L.maxPortfolios)).map(toPortfolioDto);
}

export async function getPortfolio(viewer: Viewer, id: string): Promise<PortfolioDto> {
  return toPortfolioDto(await ownPortfolio(viewer, id));
}

export async function createPortfolio(viewer: Viewer, input: TCreatePortfolio): Promise<PortfolioDto> {
  if ((await countPortfolios(viewer.id)) >= L.maxPortfolios)
    throw new PortfolioLimitError(`at most ${L.maxPortfolios} portfolios per account; remove one first`);
  await checkBenchmark(input.benchmark);
  const holdings = input.holdings ? await resolveHoldings(input.holdings, input.normalise) : [];
  const row = await insertPortfolio(
    {
      ownerId: viewer.id,
      name: input.name,
      description: input.description ?? null,
      benchmark: input.benchmark ?? null,
      riskFree: input.riskFree,
    },
    holdings,
  );
  return toPortfolioDto(row);
}

export async function updatePortfolioOf(viewer: Viewer, input: TUpdatePortfolio): Promise<PortfolioDto> {
  const patch: PortfolioPatch = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.description !== undefined) patch.description = input.description;
  if (input.benchmark !== undefined) {
    await checkBenchmark(input.benchmark);
    patch.benchmark = input.benchmark;
  }
  if (input.riskFree !== undefined) patch.riskFree = input.riskFree;
  const row = await updatePortfolio(input.id, ownScope(viewer), patch);
  if (!row) throw new PortfolioNotFoundError(`portfolio ${input.id} not found`);
  return toPortfolioDto(row);
}

export async function setHoldingsOf(viewer: Viewer, input: TSetHoldings): Promise<PortfolioDto> {
  await ownPortfolio(viewer, input.id);
  const holdings = await resolveHoldings(input.holdings, input.normalise);
  const row = await replaceHoldings(input.id, ownScope(viewer), holdings);
  if (!row) throw new PortfolioNotFoundError(`portfolio ${input.id} not found`);
  return toPortfolioDto(row);
}

export async function removePortfolio(viewer: Viewer, id: string): Promise<{ removed: true }> {
  if (!(await deletePortfolio(id, ownScope(viewer)))) throw new PortfolioNotFoundError(`portfolio ${id} not found`);
  return { removed: true };
}
