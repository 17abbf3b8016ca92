import type { KnownAsset } from "./ticker-options";

/**
 * Known assets as a `<datalist>` a ticker input suggests from (`list={id}`): each option's value is the
 * ticker, its text `label(asset)` (default: the asset's name, else its ticker).
 */
export function TickerDatalist({
  id,
  assets,
  label = (a) => a.name ?? a.ticker,
}: {
  id: string;
  assets: readonly KnownAsset[];
  label?: (asset: KnownAsset) => string;
}) {
  return (
    <datalist id={id}>
      {assets.map((a) => (
        <option key={a.ticker} value={a.ticker}>
          {label(a)}
        </option>
      ))}
    </datalist>
  );
}
