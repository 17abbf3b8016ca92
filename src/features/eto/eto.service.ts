/** Saved ETo locations and ETo runs as people ask for them. */
import { ownScope, scopeOf, type Viewer } from "@/accounts/viewer";
import { enqueue } from "@/runs/enqueue";
import { originOption } from "@/runs/origin";
import {
  countLocations,
  deleteLocation,
  findLocation,
  insertLocation,
  listLocations,
  updateLocation,
  type LocationPatch,
  type LocationRow,
} from "./eto.repository";
import {
  ETO_LIMITS as L,
  type TCreateLocation,
  type TEtoComputeResolved,
  type TEtoStartInput,
  type TUpdateLocation,
} from "./eto-compute.schemas";
import { EtoLimitError, EtoLocationNotFoundError } from "./eto.errors";
import { sourceCoverageToday, todayUtc } from "./eto-sources";
import { fieldError, locationFields, pointLocation, savedLocation, toTaskInput } from "./eto-resolve";
import { etoComputeTask } from "./eto.task";
import { lookupElevation, WeatherSourceError } from "./sources";

export function toLocationDto(l: LocationRow) {
  return {
    ...locationFields(l),
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

async function ownLocation(viewer: Viewer, id: string): Promise<LocationRow> {
  const l = await findLocation(id, ownScope(viewer));
  if (!l) throw new EtoLocationNotFoundError(`location ${id} not found`);
  return l;
}

/** The elevation at a point from the Open-Meteo elevation API; a failed lookup asks for it to be entered. */
async function lookedUp(latitude: number, longitude: number): Promise<number> {
  try {
    return Math.round((await lookupElevation(latitude, longitude)) * 10) / 10;
  } catch (e) {
    if (e instanceof WeatherSourceError)
      throw fieldError("elevation", `elevation could not be looked up (${e.message}); enter it in metres`);
    throw e;
  }
}

export async function listLocationsOf(viewer: Viewer) {
  return (await listLocations(ownScope(viewer), L.maxLocations)).map(toLocationDto);
}

export async function getLocation(viewer: Viewer, id: string) {
  return toLocationDto(await ownLocation(viewer, id));
}

export async function createLocation(viewer: Viewer, input: TCreateLocation) {
  if ((await countLocations(viewer.id)) >= L.maxLocations)
    throw new EtoLimitError(`at most ${L.maxLocations} saved locations per account; remove one first`);
  const entered = input.elevation !== undefined;
  const elevation = entered ? input.elevation! : await lookedUp(input.latitude, input.longitude);
  const row = await insertLocation({
    ownerId: viewer.id,
    name: input.name,
    latitude: input.latitude,
    longitude: input.longitude,
    elevation,
    elevationSource: entered ? "entered" : "lookup",
    timezone: input.timezone ?? null,
  });
  return toLocationDto(row);
}

export async function updateLocationOf(viewer: Viewer, input: TUpdateLocation) {
  const current = await ownLocation(viewer, input.id);
  const patch: LocationPatch = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.latitude !== undefined) patch.latitude = input.latitude;
  if (input.longitude !== undefined) patch.longitude = input.longitude;
  if (input.timezone !== undefined) patch.timezone = input.timezone;
  const moved =
    (input.latitude !== undefined && input.latitude !== current.latitude) ||
    (input.longitude !== undefined && input.longitude !== current.longitude);
  if (typeof input.elevation === "number") {
    patch.elevation = input.elevation;
    patch.elevationSource = "entered";
  } else if (input.elevation === null || (moved && current.elevationSource === "lookup")) {
    patch.elevation = await lookedUp(patch.latitude ?? current.latitude, patch.longitude ?? current.longitude);
    patch.elevationSource = "lookup";
  }
  const row = await updateLocation(input.id, ownScope(viewer), patch);
  if (!row) throw new EtoLocationNotFoundError(`location ${input.id} not found`);
  return toLocationDto(row);
}

export async function removeLocation(viewer: Viewer, id: string) {
  if (!(await deleteLocation(id, ownScope(viewer)))) throw new EtoLocationNotFoundError(`location ${id} not found`);
  return { removed: true as const };
}

/** Each source with the days it serves today and the default choice for a place (the dashboard's picker). */
export function sourcesToday(q?: { latitude?: number; longitude?: number }) {
  const today = todayUtc();
  return { today, sources: sourceCoverageToday(today), ...(q?.latitude !== undefined ? { site: q } : {}) };
}

/** The task input of a start: the place resolved (a saved one must be the viewer's), sources fixed now. */
export async function resolveStart(viewer: Viewer, input: TEtoStartInput): Promise<TEtoComputeResolved> {
  if (!input.locationId) return toTaskInput(input, pointLocation(input));
  const l = await findLocation(input.locationId, scopeOf(viewer));
  if (!l) throw new EtoLocationNotFoundError(`location ${input.locationId} not found`);
  return toTaskInput(input, savedLocation(l));
}

/**
 * Queue an eto.compute run; 202-style answer with the run id. `o`: the run options (priority, a
 * delayed start). The days and sources are fixed now, also for a run that starts later.
 */
export async function startCompute(
  viewer: Viewer,
  input: TEtoStartInput,
  { originRunId, ...o }: { priority?: number; delayMs?: number; runAt?: Date; originRunId?: string } = {},
) {
  const origin = await originOption(viewer, etoComputeTask.name, originRunId);
  const full = await resolveStart(viewer, input);
  const run = await enqueue(etoComputeTask, full, { ownerId: viewer.id, ...o, ...origin });
  return { runId: run.id, sources: full.sources };
}
