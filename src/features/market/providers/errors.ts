/** The errors the market providers, the ticker check and the CSV import throw. */
import { PortfolioInputError } from "@/domain/portfolio/errors";
import type { ProviderName } from "./types";

/** Who answered: a price provider, or a news feed. */
export type MarketSource = ProviderName | "news";

/**
 * A provider failed or refused. The message names the provider and its reason (brapi's `message`,
 * Yahoo's `chart.error.description`, the HTTP status, a timeout); `retriable` says whether trying
 * again later may help (timeouts, 429, 5xx) or not (401/402 plan errors, unknown tickers, bad shapes).
 */
export class MarketProviderError extends Error {
  override name = "MarketProviderError";
  readonly provider: MarketSource;
  readonly status: number | null;
  readonly retriable: boolean;
  readonly reason: string;

  constructor(provider: MarketSource, reason: string, o: { status?: number | null; retriable?: boolean } = {}) {
    super(`${provider}: ${reason}`);
    this.provider = provider;
    this.reason = reason;
    this.status = o.status ?? null;
    this.retriable = o.retriable ?? false;
  }
}

/** The provider does not know the ticker. `ticker` is the normalised one asked for. */
export class UnknownTickerError extends MarketProviderError {
  override name = "UnknownTickerError";
  readonly ticker: string;
  readonly field = "ticker";

  constructor(provider: MarketSource, ticker: string, reason: string, status: number | null = 404) {
    super(provider, `unknown ticker ${ticker}: ${reason}`, { status, retriable: false });
    this.ticker = ticker;
  }
}

/**
 * Bad input to the market layer (a ticker, a range): a PortfolioInputError (same `field`), so routers
 * and the CLI that translate the engine's input errors translate these alike.
 */
export class MarketInputError extends PortfolioInputError {
  constructor(field: string, message: string) {
    super(field, message);
    // The base declares its name as a literal type; name this class in logs all the same.
    Object.defineProperty(this, "name", { value: "MarketInputError", enumerable: false });
  }
}

/** A CSV import refused: `line` is 1-based (0: the file as a whole), `column` the header as written (or null). */
export class CsvImportError extends MarketInputError {
  readonly line: number;
  readonly column: string | null;

  constructor(line: number, column: string | null, message: string) {
    const where = line > 0 ? `line ${line}${column !== null ? `, column "${column}"` : ""}: ` : "";
    super("file", `${where}${message}`);
    Object.defineProperty(this, "name", { value: "CsvImportError", enumerable: false });
    this.line = line;
    this.column = column;
  }
}
