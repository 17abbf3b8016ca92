import type { WhenResult } from "@/domain/forecast";

/** The stored result, if it has the shape the view needs (anything else is shown as JSON only). */
export function asWhenResult(x: unknown): WhenResult | null {
  if (!x || typeof x !== "object") return null;
  const r = x as Partial<WhenResult>;
  if (!r.percentiles || typeof r.percentiles !== "object") return null;
  if (!Array.isArray(r.cdf) || !Array.isArray(r.histogram)) return null;
  return r as WhenResult;
}

/** Period unit for messages: weekly and daily periods have names; others are "periods". */
export function periodUnit(periodDays: unknown): "week" | "day" | "other" {
  const d = typeof periodDays === "number" ? periodDays : 7;
  return d === 7 ? "week" : d === 1 ? "day" : "other";
}
