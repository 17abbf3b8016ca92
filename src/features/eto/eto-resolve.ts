/**
 * From what a person asks (ZEtoStartInput) to what a queued eto.compute carries: the place, the
 * days (a relative range resolved in the place's zone), the sources fixed now (default by date), the
 * days checked against the sources' coverage today. A schedule keeps a relative range unresolved:
 * each run resolves it when it starts (`resolveQueued`).
 */
import { ZodError } from "zod";
import type { LocationRow } from "./eto.repository";
import { describeDays } from "@/domain/eto/fusion";
import {
  ZEtoStartInput,
  type TEtoComputeResolved,
  type TEtoComputeTaskInput,
  type TEtoStartInput,
} from "./eto-compute.schemas";
import { resolveRelativeRange, type EtoPeriod, type TRelativeRange } from "./eto-dates";
import { defaultSources, sourceCoverageToday, todayUtc, uncoveredDays } from "./eto-sources";

/** A refusal that names the field, shaped like a schema error (tRPC answers 400 with `fields`). */
export const fieldError = (path: string, message: string) =>
  new ZodError([{ code: "custom", path: [path], message, input: undefined }]);

export type TaskLocation = TEtoComputeTaskInput["location"];

/** A point given by coordinates (not a saved location). */
export const pointLocation = (p: {
  name?: string | null;
  latitude?: number;
  longitude?: number;
  elevation?: number | null;
}): TaskLocation => ({
  id: null,
  name: p.name ?? null,
  latitude: p.latitude!,
  longitude: p.longitude!,
  elevation: p.elevation ?? null,
  elevationSource: p.elevation === undefined || p.elevation === null ? null : "entered",
  timezone: null,
});

/** A saved location's own fields (as the task carries them, and as its DTO starts). */
export const locationFields = (l: LocationRow) => ({
  id: l.id,
  name: l.name,
  latitude: l.latitude,
  longitude: l.longitude,
  elevation: l.elevation,
  elevationSource: l.elevationSource as "lookup" | "entered",
  timezone: l.timezone,
});

/** A saved location as the task carries it. */
export const savedLocation = (l: LocationRow): TaskLocation => locationFields(l);

/** The relative range asked for, if any. */
export function relativeOf(input: { lastDays?: number; period?: EtoPeriod }): TRelativeRange | undefined {
  if (input.lastDays !== undefined) return { lastDays: input.lastDays };
  if (input.period !== undefined) return { period: input.period };
  return undefined;
}

/** The eto.start form to the queued form with its days and sources settled at `now`. */
export function toTaskInput(
  input: TEtoStartInput,
  location: TaskLocation,
  now: Date = new Date(),
): TEtoComputeResolved {
  const today = todayUtc(now);
  const relative = relativeOf(input);
  const { start, end } = relative
    ? resolveRelativeRange(relative, location.timezone, now)
    : { start: input.start!, end: input.end! };
  const sources = input.sources ? [...new Set(input.sources)] : defaultSources(start, end, location, today);
  const uncovered = uncoveredDays(sources, start, end, today);
  if (uncovered.length) {
    const field = relative
      ? "lastDays" in relative
        ? "lastDays"
        : "period"
      : uncovered[0] === start
        ? "start"
        : "end";
    const served = sourceCoverageToday(today)
      .filter((s) => sources.includes(s.id))
      .map((s) => `${s.id} ${s.from}..${s.to}`)
      .join(", ");
    throw fieldError(
      field,
      `${relative ? `${field} (${start}..${end})` : "start..end"}: no chosen source serves ${describeDays(uncovered)} (today: ${served || "no source serves any of it"})`,
    );
  }
  return {
    location,
    start,
    end,
    ...(relative ? { relative } : {}),
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
 * A relative range is checked now (against today's coverage) but kept relative: each run resolves it.
 */
export function completeComputeInput(v: unknown, now: Date = new Date()): unknown {
  if (v !== null && typeof v === "object" && "location" in v) return v;
  const input = ZEtoStartInput.parse(v);
  if (input.locationId)
    throw fieldError(
      "locationId",
      "locationId: a saved location is resolved by eto.start or POST /api/v1/eto/compute; give latitude and longitude here",
    );
  const resolved = toTaskInput(input, pointLocation(input), now);
  if (!resolved.relative) return resolved;
  const queued: TEtoComputeTaskInput = { ...resolved };
  delete queued.start;
  delete queued.end;
  if (input.sources) queued.sources = [...new Set(input.sources)];
  else delete queued.sources;
  return queued;
}

/** A queued input with its days (and default sources) settled at `now`, as the run starts. */
export function resolveQueued(input: TEtoComputeTaskInput, now: Date = new Date()): TEtoComputeResolved {
  if (input.start !== undefined && input.end !== undefined && input.sources)
    return { ...input, start: input.start, end: input.end, sources: input.sources };
  const { relative, location, ...rest } = input;
  const form = ZEtoStartInput.parse({
    latitude: location.latitude,
    longitude: location.longitude,
    ...relative,
    ...(rest.sources ? { sources: rest.sources } : {}),
    method: rest.method,
  });
  return {
    ...toTaskInput(form, location, now),
    gapMaxDays: rest.gapMaxDays,
    weights: rest.weights,
    allowDefaultWind: rest.allowDefaultWind,
  };
}
