/** Who is asking: the signed-in account behind a request, by session cookie or bearer token. */
export type Role = "user" | "admin";

export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** How the request authenticated: cookie-authenticated mutations need a CSRF token. */
  via: "session" | "token";
  /** The session token (cookie), for the CSRF check; absent for bearer tokens. */
  sessionToken?: string;
}

export const isAdmin = (v: Viewer | null | undefined): boolean => v?.role === "admin";

/**
 * What rows a viewer may see. Every repository that reads owned rows takes one of these and turns
 * it into SQL in one place (see `ownerFilter` in the repositories), so no call site filters by hand.
 */
export type OwnerScope = { kind: "owner"; ownerId: string } | { kind: "all" };

/** A user sees their own rows; an admin sees everyone's (null-owner system rows included). */
export function scopeOf(v: Viewer): OwnerScope {
  return v.role === "admin" ? { kind: "all" } : { kind: "owner", ownerId: v.id };
}

/** Only the viewer's own rows, even for an admin (their personal lists). */
export function ownScope(v: Viewer): OwnerScope {
  return { kind: "owner", ownerId: v.id };
}
