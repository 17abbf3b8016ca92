/**
 * Which numbers of an eto.compute result a comparison of runs puts side by side
 * (TaskDefinition.compareMetrics): the total, the daily mean, min and max, the days. Pure, client-safe.
 */
import { numberMetric, type RunMetric } from "@/domain/shared/run-metrics";
import type { z } from "zod";
import type { ZEtoComputeResult } from "./eto.output";

export function etoMetrics(r: z.infer<typeof ZEtoComputeResult>): RunMetric[] {
  const s = r.summary;
  return [
    numberMetric("totalMm", "totalMm", "Total ETo (mm)", s.totalMm, { unit: "mm" }),
    numberMetric("meanMm", "meanMm", "Mean daily ETo (mm/day)", s.meanMm, { unit: "mm/day" }),
    numberMetric("minMm", "minMm", "Lowest daily ETo (mm/day)", s.minMm, { unit: "mm/day" }),
    numberMetric("maxMm", "maxMm", "Highest daily ETo (mm/day)", s.maxMm, { unit: "mm/day" }),
    numberMetric("days", "days", "Days", s.days, { unit: "days" }),
  ];
}
