/** Shared by the /api/v1/portfolios and /api/v1/analysis handlers: the feature's refusals as ApiErrors. */
import { ApiError } from "../../_lib/api";
import { portfolioHttpStatus } from "@/features/portfolio/portfolio.endpoints";

export function asApiError(err: unknown): never {
  const s = portfolioHttpStatus(err);
  if (!s) throw err;
  const message = (err as Error).message;
  throw new ApiError(s.status, s.code, message, s.field ? { fields: [{ path: s.field, message }] } : {});
}
