/** The ETo engine's public API: FAO-56 / ASCE-EWRI reference evapotranspiration, pure functions. */
export { etoDaily, dailyFromCore } from "./daily";
export type { EtoDailyInput, EtoDailyResult, EtoDailyIntermediates, EaMethod, RsMethod, RsRsoSource } from "./daily";
export { etoHourly } from "./hourly";
export type { EtoHourlyInput, EtoHourlyResult, EtoHourlyIntermediates, HourRsRsoSource } from "./hourly";
export { etoDailySeries, DEFAULT_WIND_2M } from "./series";
export type { EtoSeriesDay, EtoSeriesDayResult, EtoSeriesOptions, EtoSeriesFlag } from "./series";
export { etoDailyBatch, type EtoBatchInput } from "./batch";
export { EtoInputError } from "./errors";
export { ETO_METHODS, ETO_LIMITS, NIGHT_RS_RSO_DEFAULT, type EtoMethod } from "./constants";
export * as fao56 from "./equations";
export { dayOfYearOf } from "./validate";
export {
  WEATHER_SOURCES,
  DAILY_VARIABLES,
  emptyRow,
  windAt2m,
  type WeatherSource,
  type DailyVariable,
  type DailyWeatherRow,
  type SourceSeries,
} from "./weather";
