/** The one error the weather sources throw (besides the caller's own abort). */
import type { WeatherSource } from "@/domain/eto/weather";

/** A weather source, or the Open-Meteo elevation API (which is not a weather source). */
export type SourceName = WeatherSource | "open-meteo-elevation";

export type WeatherSourceErrorKind = "unavailable" | "bad-response" | "out-of-range" | "rate-limited";

export class WeatherSourceError extends Error {
  override readonly name = "WeatherSourceError";
  constructor(
    readonly source: SourceName,
    readonly kind: WeatherSourceErrorKind,
    message: string,
    readonly extra: { status?: number; path?: string; field?: string } = {},
  ) {
    super(`${source}: ${message}`);
  }
  get status(): number | undefined {
    return this.extra.status;
  }
}
