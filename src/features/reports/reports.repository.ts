/** Stored report files (ReportFile): the only SQL about them. A file with no owner (a system report) is visible to every account. */
import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import type { OwnerScope } from "@/accounts/viewer";

export interface ReportFileRow {
  id: string;
  ownerId: string | null;
  runId: string;
  kind: string;
  format: string;
  title: string;
  filename: string;
  mime: string;
  size: number;
  createdAt: Date;
}

export type ReportFileWithBytes = ReportFileRow & { bytes: Uint8Array };

const META = {
  id: true,
  ownerId: true,
  runId: true,
  kind: true,
  format: true,
  title: true,
  filename: true,
  mime: true,
  size: true,
  createdAt: true,
} as const;

/** Own files and the system's (no owner); an "all" scope sees every file. */
const visible = (scope: OwnerScope) =>
  scope.kind === "all" ? {} : { OR: [{ ownerId: scope.ownerId }, { ownerId: null }] };

export async function insertReportFile(
  f: Omit<ReportFileRow, "id" | "createdAt" | "size"> & { bytes: Uint8Array },
): Promise<ReportFileRow> {
  const bytes = new Uint8Array(f.bytes.byteLength);
  bytes.set(f.bytes);
  return db().reportFile.create({
    data: { id: randomUUID(), ...f, bytes, size: bytes.byteLength },
    select: META,
  });
}

export async function getReportFile(id: string, scope: OwnerScope): Promise<ReportFileWithBytes | null> {
  const row = await db().reportFile.findFirst({ where: { id, ...visible(scope) } });
  return row ? { ...row, bytes: new Uint8Array(row.bytes) } : null;
}

export async function findReportFiles(ids: readonly string[], scope: OwnerScope): Promise<ReportFileRow[]> {
  return db().reportFile.findMany({ where: { id: { in: [...ids] }, ...visible(scope) }, select: META });
}

export async function listReportFiles(
  scope: OwnerScope,
  o: { limit: number; runId?: string },
): Promise<ReportFileRow[]> {
  return db().reportFile.findMany({
    where: { ...visible(scope), ...(o.runId ? { runId: o.runId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: o.limit,
    select: META,
  });
}

/** Delete one of the owner's files (`null`: a system file, for admins). */
export async function deleteReportFile(id: string, ownerId: string | null | "any"): Promise<boolean> {
  const where = ownerId === "any" ? { id } : { id, ownerId };
  return (await db().reportFile.deleteMany({ where })).count > 0;
}

/** Files created before `before` (reports.cleanup); answers how many went. */
export async function deleteReportFilesOlderThan(before: Date): Promise<number> {
  return (await db().reportFile.deleteMany({ where: { createdAt: { lt: before } } })).count;
}
