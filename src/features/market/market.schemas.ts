/**
 * Input contracts of the market feature: the tRPC `market.*` procedures, the HTTP API's assets
 * endpoints and the market.* tasks. Every message names the field and the limit.
 */
import { STRICT_INPUT as STRICT } from "@/runs/strict-input";
import { RETENTION_DAYS, ZRetentionInput } from "@/runs/retention.schemas";
import { z } from "zod";
// The pure ticker rules (not ./providers, whose index reads the server env): the forms import these schemas.
import { normalizeTicker } from "./providers/tickers";

export const MARKET_LIMITS = {
  /** Tickers per batch collection (a run each). */
  maxBatchTickers: 100,
  /** CSV text of an import (characters). */
  /** 1 MiB (≈ 25 years of daily bars) keeps a JSON-escaped upload under MAX_BODY_BYTES (2 MiB). */
  maxCsvChars: 1024 * 1024,
  searchChars: 50,
  maxNews: 200,
  maxNewsTickers: 50,
  cleanupDays: RETENTION_DAYS,
} as const;

export const PROVIDER_NAMES = ["brapi", "yahoo", "demo"] as const;
/** What a collection asks a provider for. */
export const COLLECT_RANGES = ["1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "max"] as const;
export const DEFAULT_COLLECT_RANGE = "5y";
/** What the asset view shows. */
export const VIEW_RANGES = ["1m", "3m", "6m", "1y", "5y", "max"] as const;
export type ViewRange = (typeof VIEW_RANGES)[number];

/** A B3 ticker as people write it ("petr4", "PETR4.SA", "^BVSP"), normalised ("PETR4"). */
export const ticker = (field = "ticker") =>
  z
    .string({ error: `${field} must be a ticker such as PETR4` })
    .max(20, `${field} must be at most 20 characters`)
    .transform((s, ctx) => {
      try {
        return normalizeTicker(s);
      } catch (e) {
        ctx.addIssue({
          code: "custom",
          message: `${field}: ${(e as Error).message}`,
        });
        return z.NEVER;
      }
    });

export const ZProvider = z.enum(PROVIDER_NAMES, { error: `provider must be one of ${PROVIDER_NAMES.join(", ")}` });
export const ZCollectRange = z.enum(COLLECT_RANGES, { error: `range must be one of ${COLLECT_RANGES.join(", ")}` });
const ZViewRange = z.enum(VIEW_RANGES, { error: `range must be one of ${VIEW_RANGES.join(", ")}` });
const bool = (field: string) => z.boolean({ error: `${field} must be true or false` });

const tickerList = (field: string, max: number) =>
  z
    .array(ticker(`${field}[]`), { error: `${field} must be a list of tickers` })
    .min(1, `${field} must name at least 1 ticker`)
    .max(max, `${field}: at most ${max} tickers`)
    .refine((t) => new Set(t).size === t.length, `${field} must not repeat a ticker`);

/** market.collectAsset: one ticker's history from a provider, stored (idempotent). */
export const ZCollectAssetInput = z.strictObject(
  {
    ticker: ticker(),
    range: ZCollectRange.default(DEFAULT_COLLECT_RANGE),
    /** Default: the asset's own source when known, else MARKET_PROVIDER. */
    provider: ZProvider.optional(),
    /** Follow the asset for the run's owner once collected. */
    watch: bool("watch").optional(),
  },
  STRICT,
);
export type TCollectAssetInput = z.output<typeof ZCollectAssetInput>;

/** market.batchCollect (and the tRPC/HTTP batch): a group workflow of collections. */
export const ZBatchCollectInput = z.strictObject(
  {
    tickers: tickerList("tickers", MARKET_LIMITS.maxBatchTickers),
    range: ZCollectRange.default(DEFAULT_COLLECT_RANGE),
    provider: ZProvider.optional(),
    watch: bool("watch").optional(),
  },
  STRICT,
);
export type TBatchCollectInput = z.output<typeof ZBatchCollectInput>;

/** Tasks a schedule starts with `{}`. */
export const ZEmptyTaskInput = z.strictObject({}, STRICT);

/** market.cleanup's window: the shared retention input (src/runs/retention.schemas.ts). */
export const ZCleanupInput = ZRetentionInput;
export const ZSearchInput = z.strictObject(
  {
    q: z
      .string({ error: "q must be text" })
      .trim()
      .min(1, "q must have at least 1 character")
      .max(MARKET_LIMITS.searchChars, `q must be at most ${MARKET_LIMITS.searchChars} characters`),
    /** Also ask the provider about a ticker nobody has added. */
    lookup: bool("lookup").default(false),
  },
  STRICT,
);
export type TSearchInput = z.output<typeof ZSearchInput>;

export const ZAssetQuery = z.strictObject({ ticker: ticker(), range: ZViewRange.default("1y") }, STRICT);
export type TAssetQuery = z.output<typeof ZAssetQuery>;

export const ZTickerInput = z.strictObject({ ticker: ticker() }, STRICT);

export const ZAddAssetInput = z.strictObject(
  { ticker: ticker(), provider: ZProvider.optional(), range: ZCollectRange.default(DEFAULT_COLLECT_RANGE) },
  STRICT,
);
export type TAddAssetInput = z.output<typeof ZAddAssetInput>;

export const ZImportCsvInput = z.strictObject(
  {
    ticker: ticker(),
    name: z
      .string({ error: "name must be text" })
      .trim()
      .min(1, "name must have at least 1 character")
      .max(100, "name must be at most 100 characters")
      .optional(),
    currency: z
      .string({ error: "currency must be a 3-letter code such as BRL" })
      .regex(/^[A-Za-z]{3}$/, "currency must be a 3-letter code such as BRL")
      .transform((c) => c.toUpperCase())
      .default("BRL"),
    text: z
      .string({ error: "text must be the CSV file's text" })
      .min(1, "text must not be empty: paste or upload a CSV file")
      .max(MARKET_LIMITS.maxCsvChars, "text must be at most 1 MiB"),
  },
  STRICT,
);
export type TImportCsvInput = z.output<typeof ZImportCsvInput>;

export const ZNewsQuery = z.strictObject(
  {
    tickers: z
      .array(ticker("tickers[]"), { error: "tickers must be a list of tickers" })
      .max(MARKET_LIMITS.maxNewsTickers, `tickers: at most ${MARKET_LIMITS.maxNewsTickers} tickers`)
      .optional(),
    limit: z
      .number({ error: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(MARKET_LIMITS.maxNews, `limit must be at most ${MARKET_LIMITS.maxNews}`)
      .default(30),
  },
  STRICT,
);
