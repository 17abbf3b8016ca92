import { api, ApiError, jsonBody, limitPerUser } from "../../_lib/api";
import { addAssetFor, ASSETS_ENDPOINT, listAssetsOf, marketHttpStatus } from "@/features/market/market.endpoints";
import { submitLimit } from "@/runs/submit-limit";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const asApiError = (err: unknown): never => {
  const s = marketHttpStatus(err);
  if (!s) throw err;
  const message = (err as Error).message;
  throw new ApiError(s.status, s.code, message, s.field ? { fields: [{ path: s.field, message }] } : {});
};

/** GET /api/v1/assets — the caller's watched assets and every known asset. */
export const GET = api(async ({ viewer }) => Response.json(await listAssetsOf(viewer)));

/** POST /api/v1/assets — add a ticker: a market.collectAsset run (provider or demo); 202 with the run id. */
export const POST = api(async ({ req, viewer }) => {
  const input = await jsonBody(req, ASSETS_ENDPOINT.schema);
  await limitPerUser(viewer, "submit", submitLimit(), "run submissions");
  const r = await addAssetFor(viewer, input).catch(asApiError);
  return Response.json(
    {
      ...r,
      links: {
        run: `/api/v1/runs/${r.runId}`,
        events: `/api/runs/${r.runId}/events`,
        asset: `/api/v1/assets/${encodeURIComponent(r.ticker)}`,
      },
    },
    { status: 202 },
  );
});
