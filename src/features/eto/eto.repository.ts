/** Saved ETo locations: the only SQL about them. */
import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import type { OwnerScope } from "@/accounts/viewer";

export interface LocationRow {
  id: string;
  ownerId: string;
  name: string;
  latitude: number;
  longitude: number;
  elevation: number;
  elevationSource: string;
  timezone: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type LocationPatch = Partial<
  Pick<LocationRow, "name" | "latitude" | "longitude" | "elevation" | "elevationSource" | "timezone">
>;

const ownerWhere = (scope: OwnerScope): { ownerId?: string } =>
  scope.kind === "all" ? {} : { ownerId: scope.ownerId };

export async function listLocations(scope: OwnerScope, limit: number): Promise<LocationRow[]> {
  return db().etoLocation.findMany({
    where: ownerWhere(scope),
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: limit,
  });
}

/** Every saved location of every account, oldest first (the nightly prefetch). */
export async function listAllLocations(limit: number): Promise<LocationRow[]> {
  return db().etoLocation.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: limit });
}

export async function countLocations(ownerId: string): Promise<number> {
  return db().etoLocation.count({ where: { ownerId } });
}

export async function findLocation(id: string, scope: OwnerScope): Promise<LocationRow | null> {
  return db().etoLocation.findFirst({ where: { id, ...ownerWhere(scope) } });
}

/** The locations among `ids` within the scope (missing or not visible ones are left out). */
export async function findLocations(ids: readonly string[], scope: OwnerScope): Promise<LocationRow[]> {
  return db().etoLocation.findMany({ where: { id: { in: [...ids] }, ...ownerWhere(scope) } });
}

export async function insertLocation(l: Omit<LocationRow, "id" | "createdAt" | "updatedAt">): Promise<LocationRow> {
  return db().etoLocation.create({ data: { id: randomUUID(), ...l } });
}

export async function updateLocation(id: string, scope: OwnerScope, patch: LocationPatch): Promise<LocationRow | null> {
  const { count } = await db().etoLocation.updateMany({ where: { id, ...ownerWhere(scope) }, data: patch });
  return count ? findLocation(id, scope) : null;
}

export async function deleteLocation(id: string, scope: OwnerScope): Promise<boolean> {
  return (await db().etoLocation.deleteMany({ where: { id, ...ownerWhere(scope) } })).count > 0;
}
