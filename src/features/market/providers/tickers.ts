/** B3 tickers: one spelling everywhere (upper case, no ".SA"), and the provider's symbol for it. */
import { MarketInputError } from "./errors";

/** A B3 share/unit/BDR code: 4 characters starting with a letter, 1–2 digits, optional F (fractional). */
const B3 = /^[A-Z][A-Z0-9]{3}\d{1,2}F?$/;
/** An index, e.g. ^BVSP. */
const INDEX = /^\^[A-Z0-9]{2,10}$/;
const MAX_LENGTH = 20;

/** "petr4.sa" → "PETR4", " ^bvsp " → "^BVSP". Throws MarketInputError("ticker", …) on anything else. */
export function normalizeTicker(input: string): string {
  if (typeof input !== "string") throw new MarketInputError("ticker", "ticker must be a string");
  const raw = input.trim();
  if (!raw) throw new MarketInputError("ticker", "ticker is empty");
  if (raw.length > MAX_LENGTH)
    throw new MarketInputError("ticker", `ticker is ${raw.length} characters long, over the ${MAX_LENGTH} limit`);
  const t = raw.toUpperCase().replace(/\.SA$/, "");
  if (B3.test(t) || INDEX.test(t)) return t;
  throw new MarketInputError(
    "ticker",
    `"${raw}" is not a B3 ticker: expected 4 letters or digits starting with a letter, then 1–2 digits (e.g. PETR4, B3SA3, TAEE11), or an index such as ^BVSP`,
  );
}

export const isIndexTicker = (ticker: string) => ticker.startsWith("^");

/** Yahoo's symbol: "PETR4" → "PETR4.SA"; an index keeps its own ("^BVSP"). */
export const yahooSymbol = (ticker: string) => (isIndexTicker(ticker) ? ticker : `${ticker}.SA`);
