/** Personal API tokens: only the SHA-256 of a token is stored. */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { db } from "@/server/db";
import type { Role } from "./viewer";
import { cachedTokenOwner, publishAuthChange, type CachedToken } from "./token-cache";

export const TOKEN_PREFIX = "fxt_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const SELECT = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;

/** Make a token; the secret is returned once and never stored. */
export async function createApiToken(
  userId: string,
  name: string,
  expiresAt: Date | null,
): Promise<{ token: string; row: ApiTokenRow }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db().apiToken.create({
    data: {
      id: randomUUID(),
      userId,
      name,
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      hash: hashToken(token),
      expiresAt,
    },
    select: SELECT,
  });
  return { token, row };
}

export async function listApiTokens(userId: string): Promise<ApiTokenRow[]> {
  return db().apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: SELECT, take: 200 });
}

export async function countActiveApiTokens(userId: string): Promise<number> {
  return db().apiToken.count({ where: { userId, revokedAt: null } });
}

/** Revoke one of the user's tokens; false when it is not theirs (or does not exist). */
export async function revokeApiToken(userId: string, id: string): Promise<boolean> {
  const r = await db().apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (r.count > 0) {
    await publishAuthChange({ tokenId: id });
    return true;
  }
  return (await db().apiToken.count({ where: { id, userId } })) > 0;
}

export interface TokenOwner {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The account behind a live token (not revoked, not expired), or null. Cached per process (token-cache.ts). */
export async function findTokenOwner(token: string, now = new Date()): Promise<TokenOwner | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const hash = hashToken(token);
  return cachedTokenOwner(hash, () => loadToken(hash, now), now.getTime());
}

/** The token and its account in one round trip (Prisma's nested select takes two); records last use (~once a minute). */
async function loadToken(hash: string, now: Date): Promise<CachedToken | null> {
  const [t] = await db().$queryRaw<
    {
      id: string;
      revokedAt: Date | null;
      expiresAt: Date | null;
      lastUsedAt: Date | null;
      user: { id: string; email: string; name: string; role: string };
    }[]
  >`
    select t.id::text, t.revoked_at as "revokedAt", t.expires_at as "expiresAt", t.last_used_at as "lastUsedAt",
      json_build_object('id', u.id, 'email', u.email, 'name', u.name, 'role', u.role) as "user"
    from api_tokens t join users u on u.id = t.user_id
    where t.hash = ${hash}`;
  if (!t || t.revokedAt) return null;
  if (t.expiresAt && t.expiresAt <= now) return null;
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000) {
    await db().apiToken.update({ where: { id: t.id }, data: { lastUsedAt: now } });
  }
  return {
    tokenId: t.id,
    owner: { ...t.user, role: t.user.role === "admin" ? "admin" : "user" },
    expiresAt: t.expiresAt ? t.expiresAt.getTime() : null,
  };
}
