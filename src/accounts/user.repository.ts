/** Accounts as Fluxo reads them (better-auth writes them). */
import { db } from "@/server/db";
import type { Role } from "./viewer";
import { publishAuthChange } from "./token-cache";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

const toRole = (r: string): Role => (r === "admin" ? "admin" : "user");

export async function countUsers(): Promise<number> {
  return db().user.count();
}

export async function findUser(id: string): Promise<UserRow | null> {
  const u = await db().user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, createdAt: true },
  });
  return u ? { ...u, role: toRole(u.role) } : null;
}

export async function findUserByEmail(email: string): Promise<UserRow | null> {
  const u = await db().user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, email: true, name: true, role: true, createdAt: true },
  });
  return u ? { ...u, role: toRole(u.role) } : null;
}

export async function setRole(id: string, role: Role): Promise<void> {
  await db().user.update({ where: { id }, data: { role } });
  await publishAuthChange({ userId: id });
}

/** Emails of the given accounts, for admin views that show who owns what. */
export async function emailsOf(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } });
  return new Map(rows.map((r) => [r.id, r.email]));
}
