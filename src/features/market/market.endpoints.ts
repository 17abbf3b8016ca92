/**
 * The HTTP API's asset endpoints: GET/POST /api/v1/assets and GET /api/v1/assets/{ticker} — the
 * schemas (the tRPC `market.add` and `market.get` inputs) and the services, with the feature's
 * refusals as HTTP statuses.
 */
import type { Viewer } from "@/accounts/viewer";
import { PortfolioInputError } from "@/domain/portfolio/errors";
import { AssetNotCollectableError, AssetNotFoundError } from "./market.errors";
import { ZAddAssetInput, ZAssetQuery, type TAddAssetInput, type TAssetQuery } from "./market.schemas";
import { getAsset, listFor } from "./market.service";
import { addAsset } from "./market-runs.service";

export const ASSETS_ENDPOINT = {
  path: "/api/v1/assets",
  task: "market.collectAsset",
  summary: "Your watched assets (with the day's change and fundamentals) and every known asset; POST adds one",
  schema: ZAddAssetInput,
};

export const ASSET_ENDPOINT = {
  path: "/api/v1/assets/{ticker}",
  summary: "One asset: daily bars over a range (1m, 3m, 6m, 1y, 5y, max) with the drawdown series",
  schema: ZAssetQuery,
};

/** An HTTP status for the feature's own errors (null: not one of them). */
export function marketHttpStatus(err: unknown): { status: number; code: string; field?: string } | null {
  if (err instanceof AssetNotFoundError) return { status: 404, code: "NOT_FOUND" };
  if (err instanceof AssetNotCollectableError) return { status: 409, code: "CONFLICT" };
  if (err instanceof PortfolioInputError) return { status: 400, code: "BAD_REQUEST", field: err.field };
  return null;
}

export const listAssetsOf = (viewer: Viewer) => listFor(viewer);
export const addAssetFor = (viewer: Viewer, input: TAddAssetInput) => addAsset(viewer, input);
export const assetDetail = (viewer: Viewer, q: TAssetQuery) => getAsset(viewer, q);
