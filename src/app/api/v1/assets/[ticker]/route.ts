import { api, ApiError, parseWith } from "../../../_lib/api";
import { ASSET_ENDPOINT, assetDetail, marketHttpStatus } from "@/features/market/market.endpoints";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/assets/:ticker?range=1y — the asset, its bars over the range and the drawdown series. */
export const GET = api<{ ticker: string }>(async ({ req, viewer }, params) => {
  const range = new URL(req.url).searchParams.get("range");
  const q = parseWith(ASSET_ENDPOINT.schema, { ticker: params.ticker, ...(range !== null ? { range } : {}) });
  const r = await assetDetail(viewer, q).catch((err: unknown) => {
    const s = marketHttpStatus(err);
    if (!s) throw err;
    const message = (err as Error).message;
    throw new ApiError(s.status, s.code, message, s.field ? { fields: [{ path: s.field, message }] } : {});
  });
  return Response.json(r);
});
