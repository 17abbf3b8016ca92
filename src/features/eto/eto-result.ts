/** The eto.compute result's parts: one day as stored, the summary and the Open-Meteo comparison (pure). */
import type { EtoSeriesDayResult } from "@/domain/eto";
import { sum } from "@/domain/shared/stats";
import type { FusedDay, FusionResult, VariableProvenance } from "@/domain/eto/fusion";
import type { DailyVariable, WeatherSource } from "@/domain/eto/weather";

/** The inputs a result day keeps (tmean is informative only and left out). */
export const RESULT_INPUTS = [
  "tmaxC",
  "tminC",
  "rhmaxPct",
  "rhminPct",
  "rhmeanPct",
  "tdewC",
  "wind2mMs",
  "rsMJm2",
  "precipMm",
] as const satisfies readonly DailyVariable[];
export type ResultInput = (typeof RESULT_INPUTS)[number];

export interface FailedSource {
  source: WeatherSource;
  kind: string;
  message: string;
}

export interface EtoResultDay {
  date: string;
  etoMm: number;
  inputs: Record<ResultInput, number | null>;
  provenance: Record<ResultInput, VariableProvenance>;
  /** Open-Meteo's own et0_fao_evapotranspiration, when the source was used. */
  referenceEtoMm: number | null;
  /** A few of the engine's intermediates (the rest are for the CLI): what explains the day's ETo. */
  intermediates: {
    raMJm2: number;
    rsMJm2: number;
    rsMethod: string;
    rnMJm2: number;
    eaKPa: number;
    eaMethod: string;
    vpdKPa: number;
    u2Ms: number;
  };
  flags: string[];
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function toResultDay(d: FusedDay, e: EtoSeriesDayResult): EtoResultDay {
  const inputs = {} as EtoResultDay["inputs"];
  const provenance = {} as EtoResultDay["provenance"];
  for (const v of RESULT_INPUTS) {
    const x = d.values[v];
    inputs[v] = x === null ? null : r2(x);
    provenance[v] = d.provenance[v];
  }
  const m = e.intermediates;
  return {
    date: d.date,
    etoMm: r2(e.eto),
    inputs,
    provenance,
    referenceEtoMm: d.referenceEtoMm === null ? null : r2(d.referenceEtoMm),
    intermediates: {
      raMJm2: r3(m.raMJm2),
      rsMJm2: r3(m.rsMJm2),
      rsMethod: m.rsMethod,
      rnMJm2: r3(m.rnMJm2),
      eaKPa: r3(m.eaKPa),
      eaMethod: m.eaMethod,
      vpdKPa: r3(m.vpdKPa),
      u2Ms: r3(m.u2Ms),
    },
    flags: e.flags,
  };
}

export function summarise(days: readonly EtoResultDay[], fused: FusionResult, failedSources: FailedSource[]) {
  const eto = days.map((d) => d.etoMm);
  const total = sum(eto);
  const estimated = (v: ResultInput) => days.filter((d) => d.provenance[v].kind === "estimated").length;
  return {
    days: days.length,
    totalMm: r2(total),
    meanMm: r2(total / Math.max(1, days.length)),
    minMm: r2(Math.min(...eto)),
    maxMm: r2(Math.max(...eto)),
    sourcesUsed: fused.sourcesUsed,
    droppedSources: fused.droppedSources,
    failedSources,
    interpolatedDays: fused.interpolatedDays,
    rejectedValues: fused.rejectedCount,
    estimatedDays: { radiation: estimated("rsMJm2"), humidity: estimated("rhmaxPct"), wind: estimated("wind2mMs") },
  };
}

/** Fluxo's ETo against Open-Meteo's on the days both exist: mean difference (ours − theirs), MAE, Pearson r. */
export function comparison(days: readonly EtoResultDay[]) {
  const pairs = days.flatMap((d) => (d.referenceEtoMm === null ? [] : [[d.etoMm, d.referenceEtoMm] as const]));
  const n = pairs.length;
  if (n === 0) return null;
  const diff = pairs.reduce((a, [x, y]) => a + (x - y), 0) / n;
  const mae = pairs.reduce((a, [x, y]) => a + Math.abs(x - y), 0) / n;
  const mx = pairs.reduce((a, [x]) => a + x, 0) / n;
  const my = pairs.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  const r = n >= 3 && sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
  return {
    reference: "open-meteo et0_fao_evapotranspiration",
    days: n,
    meanDifferenceMm: r3(diff),
    maeMm: r3(mae),
    r: r === null ? null : r3(r),
  };
}
