/** Importing an asset's prices from a CSV file. */
import type { Viewer } from "@/accounts/viewer";
import { parsePriceCsv } from "./providers";
import * as repo from "./market.repository";
import { type TImportCsvInput } from "./market.schemas";
import { barRows } from "./market-collect.service";

/** A CSV file's bars as an asset of source "csv" (made or updated), followed by the viewer. */
export async function importCsv(viewer: Viewer, input: TImportCsvInput) {
  const bars = parsePriceCsv(input.text); // CsvImportError(line, column, message) on a bad line
  const last = bars[bars.length - 1]!;
  const existing = await repo.findAsset(input.ticker);
  const asset = await repo.upsertAsset({
    ticker: input.ticker,
    source: "csv",
    name: input.name ?? null,
    currency: input.currency,
    lastPrice: last.close ?? last.adjClose,
    pricesUpdatedAt: new Date(),
  });
  const replaced = existing && existing.source !== "csv" ? await repo.deleteBars(asset.id) : 0;
  const w = await repo.upsertBars(asset.id, barRows(bars));
  await repo.watch(viewer.id, asset.id);
  return { ticker: asset.ticker, bars: bars.length, ...w, replaced, first: bars[0]!.date, last: last.date };
}
