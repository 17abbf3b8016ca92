/** The eto.compute output schema: a real pipeline result passes unchanged (a whole year too, quickly); a malformed one is refused by path. */
import { describe, expect, it } from "vitest";
import { firstIssue, parseResult } from "@/runs/task-result";
import { computeEto, type ComputeDeps } from "./eto-compute";
import type { TEtoComputeResolved } from "./eto-compute.schemas";
import { ZEtoComputeResult } from "./eto.output";
import { summerSeries } from "./eto.fixtures";

const input = (start: string, end: string): TEtoComputeResolved => ({
  location: {
    id: null,
    name: "São Paulo",
    latitude: -23.55,
    longitude: -46.63,
    elevation: null,
    elevationSource: null,
    timezone: null,
  },
  start,
  end,
  sources: ["nasa-power", "open-meteo-archive"],
  method: "fao56",
  gapMaxDays: 3,
  allowDefaultWind: false,
});

const deps: ComputeDeps = {
  today: "2026-11-26",
  lookupElevation: async () => 760,
  fetchDailyWeather: async (source, q) => summerSeries(source, q.start, q.end, { flaky: true }),
};
const ctx = { signal: new AbortController().signal, progress: () => {}, log: async () => {} };

describe("ZEtoComputeResult", () => {
  it("takes a year of the pipeline's result unchanged, refused values included, in a few ms", async () => {
    const r = await computeEto(input("2024-01-01", "2024-12-31"), ctx, deps);
    expect(r.days).toHaveLength(366);
    expect(r.qc.rejected.some((x) => Number.isNaN(x.value))).toBe(true);
    const times: number[] = [];
    let parsed = ZEtoComputeResult.safeParse(r);
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      parsed = ZEtoComputeResult.safeParse(r);
      times.push(performance.now() - t0);
    }
    const ms = times.sort((a, b) => a - b)[3]!; // the median, once the schema is warm (as in a worker)
    if (!parsed.success) throw new Error(firstIssue(parsed.error));
    expect(parsed.data).toEqual(r);
    // What the API hands the dashboard: the stored JSON (NaN is null there).
    expect(parseResult(ZEtoComputeResult, JSON.parse(JSON.stringify(r)))).not.toBeNull();
    console.info(
      `eto.compute result of 366 days (${JSON.stringify(r).length} bytes) parsed in ${ms.toFixed(1)} ms (median, warm)`,
    );
    expect(ms).toBeLessThan(250); // typically a few ms; generous for a loaded CI machine
  });

  it("refuses a malformed day, naming where", async () => {
    const r = JSON.parse(JSON.stringify(await computeEto(input("2024-01-01", "2024-01-31"), ctx, deps)));
    r.days[3].provenance.rsMJm2 = { kind: "guessed" };
    const bad = ZEtoComputeResult.safeParse(r);
    expect(bad.success).toBe(false);
    expect(firstIssue(bad.error!)).toMatch(/^days\.3\.provenance\.rsMJm2\.kind: /);
    expect(parseResult(ZEtoComputeResult, { days: [], summary: {} })).toBeNull();
  });
});
