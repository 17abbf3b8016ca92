/** What every source client takes. */
export interface WeatherQuery {
  latitude: number;
  longitude: number;
  /** First and last local day, YYYY-MM-DD, inclusive. */
  start: string;
  end: string;
  /** The site's elevation, m (passed on where a source downscales with it). */
  elevationM?: number;
  /** The site's IANA zone for local days (MET Norway, NWS; Open-Meteo gets it instead of `auto`). */
  timezone?: string;
  /** A fixed offset, minutes east of UTC, when no zone is given. Neither: longitude/15 h. */
  utcOffsetMinutes?: number;
}

export interface FetchOptions {
  signal?: AbortSignal;
}
