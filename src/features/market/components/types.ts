/** The shapes the assets page gets from `market.*` (the service's answers, types only). */
import type { getAsset, listFor } from "../market.service";

export type AssetList = Awaited<ReturnType<typeof listFor>>;
export type WatchedAsset = AssetList["watched"][number];
export type AssetDetail = Awaited<ReturnType<typeof getAsset>>;
export const VIEW_RANGES = ["1m", "3m", "6m", "1y", "5y", "max"] as const;
export type ViewRange = (typeof VIEW_RANGES)[number];
