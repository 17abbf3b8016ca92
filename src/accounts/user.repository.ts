/** Accounts as Fluxo reads them (better-auth writes them). */
import { db } from "@/server/db";
import type { Role } from "./viewer";

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
