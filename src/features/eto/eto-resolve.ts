/**
 * From what a person asks (ZEtoStartInput) to what a queued eto.compute carries: the place, the
 * sources fixed now (default by date), the days checked against the sources' coverage today.
 */
import { ZodError } from "zod";
import { describeDays } from "@/domain/eto/fusion";
import { ZEtoStartInput, type TEtoComputeTaskInput, type TEtoStartInput } from "./eto-compute.schemas";
import { defaultSources, sourceCoverageToday, todayUtc, uncoveredDays } from "./eto-sources";

/** A refusal that names the field, shaped like a schema error (tRPC answers 400 with `fields`). */
export const fieldError = (path: string, message: string) =>
  new ZodError([{ code: "custom", path: [path], message, input: undefined }]);

export type TaskLocation = TEtoComputeTaskInput["location"];

/** A point given by coordinates (not a saved location). */
export const pointLocation = (input: TEtoStartInput): TaskLocation => ({
  id: null,
  name: input.name ?? null,
  latitude: input.latitude!,
  longitude: input.longitude!,
  elevation: input.elevation ?? null,
  elevationSource: input.elevation === undefined ? null : "entered",
  timezone: null,
});

export function toTaskInput(input: TEtoStartInput, location: TaskLocation, today: string): TEtoComputeTaskInput {
  const sources = input.sources ? [...new Set(input.sources)] : defaultSources(input.start, input.end, location, today);
  const uncovered = uncoveredDays(sources, input.start, input.end, today);
  if (uncovered.length) {
    const field = uncovered[0] === input.start ? "start" : "end";
    const served = sourceCoverageToday(today)
      .filter((s) => sources.includes(s.id))
      .map((s) => `${s.id} ${s.from}..${s.to}`)
      .join(", ");
    throw fieldError(
      field,
      `start..end: no chosen source serves ${describeDays(uncovered)} (today: ${served || "no source serves any of it"})`,
    );
  }
  return {
    location,
    start: input.start,
    end: input.end,
    sources,
    method: input.method,
    gapMaxDays: input.gapMaxDays ?? 3,
    weights: input.weights,
    allowDefaultWind: input.allowDefaultWind ?? false,
  };
}

/**
 * The task's `complete` (a schedule's or POST /api/v1/runs' input): the eto.start form for a point is
 * resolved here; a saved location needs eto.start (its owner is checked there); the queued form passes.
 */
export function completeComputeInput(v: unknown): unknown {
  if (v !== null && typeof v === "object" && "location" in v) return v;
  const input = ZEtoStartInput.parse(v);
  if (input.locationId)
    throw fieldError(
      "locationId",
      "locationId: a saved location is resolved by eto.start or POST /api/v1/eto/compute; give latitude and longitude here",
    );
  return toTaskInput(input, pointLocation(input), todayUtc());
}
