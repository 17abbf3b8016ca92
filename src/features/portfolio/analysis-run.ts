/**
 * What every analysis run shares: its refusals as run errors (a refused input fails at once, naming
 * the field; retriable provider failures are retried) and the portfolios its owner may see.
 */
import type { OwnerScope } from "@/accounts/viewer";
import { findUser } from "@/accounts/user.repository";
import { PortfolioInputError } from "@/domain/portfolio/errors";
import { NonRetriableError } from "@/runs/errors";
import { findRun } from "@/runs/run.repository";
import { MarketProviderError } from "@/features/market";
import { PortfolioNotFoundError } from "./portfolio.errors";

/** A refused input: the run fails without retry; `field` names the input (kept in the run's error). */
export class AnalysisInputError extends NonRetriableError {
  readonly field: string;
  constructor(field: string, message: string, cause?: unknown) {
    super(message, { cause });
    this.field = field;
  }
}

/** The engine's and the providers' refusals as run errors; retriable provider failures are retried. */
export function asRunError(e: unknown): unknown {
  if (e instanceof PortfolioInputError) return new AnalysisInputError(e.field, e.message, e);
  if (e instanceof PortfolioNotFoundError) return new NonRetriableError(e.message, { cause: e });
  if (e instanceof MarketProviderError) {
    const field = (e as { field?: string }).field;
    if (field) return new AnalysisInputError(field, e.message, e);
    return e.retriable ? e : new NonRetriableError(e.message, { cause: e });
  }
  return e;
}

/** Runs `f`, throwing what it throws as a run error (asRunError). */
export async function withRunErrors<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw asRunError(e);
  }
}

/** What the run's owner may see: a system run (no owner) or an admin's sees every portfolio. */
export async function scopeOfRun(runId: string): Promise<OwnerScope> {
  const run = await findRun(runId);
  const ownerId = run?.ownerId ?? null;
  if (ownerId === null) return { kind: "all" };
  const user = await findUser(ownerId);
  return user?.role === "admin" ? { kind: "all" } : { kind: "owner", ownerId };
}
