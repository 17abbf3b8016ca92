/** The eto.compute result as the dashboard reads it (types only from the server side), and a shape check. */
import type { VariableProvenance } from "@/domain/eto/fusion";
import type { EtoResultDay, ResultInput } from "../eto-result";

export type { EtoResultDay, ResultInput };

export interface EtoSummaryView {
  days: number;
  totalMm: number;
  meanMm: number;
  minMm: number;
  maxMm: number;
  sourcesUsed: string[];
  droppedSources: { source: string; reason: string }[];
  failedSources: { source: string; kind: string; message: string }[];
  interpolatedDays: number;
  rejectedValues: number;
  estimatedDays: { radiation: number; humidity: number; wind: number };
}

export interface EtoComparisonView {
  days: number;
  meanDifferenceMm: number;
  maeMm: number;
  r: number | null;
}

export interface EtoResultView {
  location: { name: string | null; latitude: number; longitude: number; elevation: number; elevationSource: string };
  range: { start: string; end: string };
  method: string;
  sources: string[];
  days: EtoResultDay[];
  summary: EtoSummaryView;
  comparison: EtoComparisonView | null;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;

/** The result when it has the parts the dashboard draws; null otherwise (the caller says so). */
export function readEtoResult(x: unknown): EtoResultView | null {
  if (!isObj(x) || !Array.isArray(x.days) || !isObj(x.summary) || !isObj(x.location) || !isObj(x.range)) return null;
  const ok = x.days.every(
    (d) =>
      isObj(d) && typeof d.date === "string" && typeof d.etoMm === "number" && isObj(d.inputs) && isObj(d.provenance),
  );
  return ok ? (x as unknown as EtoResultView) : null;
}

/** The sources that gave any of a day's values. */
export function daySources(d: EtoResultDay): string[] {
  const out = new Set<string>();
  for (const p of Object.values(d.provenance) as VariableProvenance[])
    if (p.kind === "fused") for (const s of p.sources) out.add(s.source);
  return [...out];
}

/** Whether any of a day's values was interpolated / estimated. */
export const dayHas = (d: EtoResultDay, kind: VariableProvenance["kind"]) =>
  (Object.values(d.provenance) as VariableProvenance[]).some((p) => p.kind === kind);
