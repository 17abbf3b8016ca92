/**
 * Sub-daily readings → local days, for the sources that only give hourly/6-hourly steps (MET
 * Norway, NWS). Every reading says which hours it stands for; means weight each reading by the
 * hours it covers in that day; amounts are spread evenly over their hours; period extremes (a
 * 6-hour or 13-hour max/min) go to the day holding the period's midpoint. A day with fewer than
 * `minHours` hours of temperature is left out rather than reported from a fragment.
 */
import { emptyRow, type DailyWeatherRow } from "@/domain/eto/weather";
import { localDate } from "./dates";

const HOUR_MS = 3_600_000;
export const MIN_DAY_HOURS = 18;

export type StateVar = "tempC" | "rhPct" | "wind2mMs" | "tdewC";
const STATE_VARS: StateVar[] = ["tempC", "rhPct", "wind2mMs", "tdewC"];

interface DayAcc {
  sum: Record<StateVar, number>;
  hours: Record<StateVar, number>;
  max: Record<"tempC" | "rhPct", number>;
  min: Record<"tempC" | "rhPct", number>;
  precipMm: number;
  precipHours: number;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export class DailyAccumulator {
  private days = new Map<string, DayAcc>();
  constructor(private readonly offset: (utcMs: number) => number) {}

  private day(ms: number): DayAcc {
    const d = localDate(ms, this.offset);
    let acc = this.days.get(d);
    if (!acc) {
      const z = () => ({ tempC: 0, rhPct: 0, wind2mMs: 0, tdewC: 0 });
      acc = {
        sum: z(),
        hours: z(),
        max: { tempC: -Infinity, rhPct: -Infinity },
        min: { tempC: Infinity, rhPct: Infinity },
        precipMm: 0,
        precipHours: 0,
      };
      this.days.set(d, acc);
    }
    return acc;
  }

  /**
   * A reading that stands for `hours` hours from `startMs`. Its value counts toward a day's max/min
   * at the instant only (`extremes: "start"`, MET Norway's instants) or in every hour it covers
   * (`"all"`, NWS's constant-over-interval values).
   */
  addState(
    startMs: number,
    hours: number,
    v: Partial<Record<StateVar, number | null>>,
    extremes: "start" | "all",
  ): void {
    for (let h = 0; h < hours; h++) {
      const acc = this.day(startMs + h * HOUR_MS);
      for (const k of STATE_VARS) {
        const x = v[k];
        if (x == null) continue;
        acc.sum[k] += x;
        acc.hours[k] += 1;
        if ((k === "tempC" || k === "rhPct") && (extremes === "all" || h === 0)) {
          acc.max[k] = Math.max(acc.max[k], x);
          acc.min[k] = Math.min(acc.min[k], x);
        }
      }
    }
  }

  /** A period's max/min temperature, to the local day of the period's midpoint. */
  addExtreme(startMs: number, hours: number, v: { maxC?: number | null; minC?: number | null }): void {
    const acc = this.day(startMs + (hours * HOUR_MS) / 2);
    if (v.maxC != null) acc.max.tempC = Math.max(acc.max.tempC, v.maxC);
    if (v.minC != null) acc.min.tempC = Math.min(acc.min.tempC, v.minC);
  }

  /** An amount (precipitation, mm) over `hours` hours, spread evenly. */
  addAmount(startMs: number, hours: number, mm: number | null | undefined): void {
    if (mm == null) return;
    for (let h = 0; h < hours; h++) {
      const acc = this.day(startMs + h * HOUR_MS);
      acc.precipMm += mm / hours;
      acc.precipHours += 1;
    }
  }

  /** Rows for the days in [start, end] with at least `minHours` hours of temperature. */
  rows(start: string, end: string, minHours = MIN_DAY_HOURS): DailyWeatherRow[] {
    const out: DailyWeatherRow[] = [];
    for (const [date, a] of [...this.days].sort(([x], [y]) => (x < y ? -1 : 1))) {
      if (date < start || date > end || a.hours.tempC < minHours) continue;
      const mean = (k: StateVar) => (a.hours[k] >= minHours ? round(a.sum[k] / a.hours[k]) : null);
      const ext = (x: number) => (Number.isFinite(x) ? round(x) : null);
      const row = emptyRow(date);
      row.tmaxC = ext(a.max.tempC);
      row.tminC = ext(a.min.tempC);
      row.tmeanC = mean("tempC");
      row.rhmaxPct = a.hours.rhPct >= minHours ? ext(a.max.rhPct) : null;
      row.rhminPct = a.hours.rhPct >= minHours ? ext(a.min.rhPct) : null;
      row.rhmeanPct = mean("rhPct");
      row.tdewC = mean("tdewC");
      row.wind2mMs = mean("wind2mMs");
      row.precipMm = a.precipHours >= minHours ? round(a.precipMm) : null;
      out.push(row);
    }
    return out;
  }
}
