/**
 * Output contracts of the HTTP API's asset endpoints: the JSON GET/POST /api/v1/assets and
 * GET /api/v1/assets/{ticker} answer (for the OpenAPI document and response checks).
 */
import { z } from "zod";
import type { Assert, Extends, Jsonified } from "@/api/json";
import type { AssetSource } from "./market.repository";
import { PROVIDER_NAMES, VIEW_RANGES } from "./market.schemas";
import type { getAsset, listFor } from "./market.service";
import type { addAsset } from "./market-runs.service";

/** Where an asset's prices come from: a provider, or a CSV import. */
const ASSET_SOURCES = [...PROVIDER_NAMES, "csv"] as const;

/** A calendar day written YYYY-MM-DD. */
const day = () => z.iso.date();

/** An asset as `toAssetDto` shows it. */
const ZAsset = z.object({
  ticker: z.string().describe("Normalised B3 ticker, e.g. PETR4 or ^BVSP"),
  name: z.string().nullable(),
  currency: z.string().describe("ISO 4217 code, e.g. BRL"),
  sector: z.string().nullable(),
  source: z.enum(ASSET_SOURCES),
  lastPrice: z.number().nullable(),
  pricesUpdatedAt: z.iso.datetime().nullable(),
  priceEarnings: z.number().nullable(),
  earningsPerShare: z.number().nullable(),
  dividendYield: z.number().nullable(),
  marketCap: z.number().nullable(),
  fundamentalsAt: z.iso.datetime().nullable(),
});

/** A watched asset: the asset with the day's change (last two closes) and when it was added. */
const ZWatchedAsset = ZAsset.extend({
  lastDate: day().nullable().describe("Day of the last bar (null: no bars yet)"),
  change: z.number().nullable().describe("Last close minus the one before (null: fewer than 2 bars)"),
  changePct: z.number().nullable().describe("change / previous close, a fraction (0.01 = 1 %)"),
  addedAt: z.iso.datetime(),
});

/** GET /api/v1/assets */
export const ZAssetsResponse = z.object({
  watched: z.array(ZWatchedAsset).describe("The caller's assets, in the order added"),
  all: z.array(ZAsset).describe("Every known asset by ticker (at most 1000)"),
});

/** A daily bar; only the adjusted close is always there. */
const ZBar = z.object({
  date: day(),
  open: z.number().nullable(),
  high: z.number().nullable(),
  low: z.number().nullable(),
  close: z.number().nullable(),
  adjClose: z.number(),
  volume: z.number().int().nullable(),
});

/** GET /api/v1/assets/{ticker} */
export const ZAssetDetailResponse = z.object({
  asset: ZAsset,
  watched: z.boolean().describe("Whether the caller follows the asset"),
  range: z.enum(VIEW_RANGES),
  span: z
    .object({
      first: day().nullable(),
      last: day().nullable(),
      count: z.number().int().min(0),
    })
    .describe("Every stored bar of the asset (not only the range's)"),
  bars: z.array(ZBar).describe("The range's bars, ascending, ending at the last bar"),
  drawdown: z
    .array(z.number())
    .describe("Drawdown from the running high per bar (≤ 0; one value per bar, the first 0)"),
  summary: z.object({
    bars: z.number().int().min(0),
    periodReturn: z.number().nullable().describe("Last / first adjusted close − 1 (null: no bars)"),
    maxDrawdown: z.number(),
    currentDrawdown: z.number().nullable().describe("null: no bars"),
  }),
});

/** POST /api/v1/assets (202): the market.collectAsset run queued. */
export const ZAssetAddedResponse = z.object({
  runId: z.uuid(),
  ticker: z.string().describe("The ticker normalised"),
  links: z.object({ run: z.string(), events: z.string(), asset: z.string() }),
});

// ---- compile-time checks: each service's answer, as JSON, fits its schema ----
type _Sources = Assert<Extends<AssetSource, (typeof ASSET_SOURCES)[number]>>;
type _List = Assert<Extends<Jsonified<Awaited<ReturnType<typeof listFor>>>, z.output<typeof ZAssetsResponse>>>;
type _Detail = Assert<Extends<Jsonified<Awaited<ReturnType<typeof getAsset>>>, z.output<typeof ZAssetDetailResponse>>>;
type _Added = Assert<
  Extends<Jsonified<Awaited<ReturnType<typeof addAsset>>>, Omit<z.output<typeof ZAssetAddedResponse>, "links">>
>;
