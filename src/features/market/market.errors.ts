/** The market feature's refusals; the router and the HTTP routes translate them. */
import { Refusal } from "@/domain/shared/errors";

/** An asset nobody has added (or collected) yet: 404. */
export class AssetNotFoundError extends Refusal {
  readonly code = "NOT_FOUND" as const;
  override readonly name = "AssetNotFoundError";
  override readonly field = "ticker";
  constructor(readonly ticker: string) {
    super(`ticker ${ticker} is not a known asset: add it first (from the provider, the demo set or a CSV file)`);
  }
}

/** An asset that cannot be collected from a provider (its prices came from a CSV import): 409. */
export class AssetNotCollectableError extends Refusal {
  readonly code = "CONFLICT" as const;
  override readonly name = "AssetNotCollectableError";
  override readonly field = "ticker";
  constructor(readonly ticker: string) {
    super(`ticker ${ticker} was imported from CSV: import a new file to update it, or name a provider`);
  }
}

/** A provider answered without a single daily bar for the range asked. */
export class NoBarsError extends Error {
  override readonly name = "NoBarsError";
  readonly field = "ticker";
  constructor(
    readonly ticker: string,
    readonly provider: string,
  ) {
    super(`${provider} has no daily bars of ${ticker} for the range asked`);
  }
}
