/** Authenticate a request the same way everywhere (tRPC, HTTP API, SSE, CLI): bearer token or session cookie. */
import { auth } from "./auth";
import { findTokenOwner } from "./token.repository";
import type { Role, Viewer } from "./viewer";

export type AuthResult = { ok: true; viewer: Viewer } | { ok: false; reason: "anonymous" | "bad-token" };

export async function authenticate(headers: Headers): Promise<AuthResult> {
  const authz = headers.get("authorization");
  if (authz !== null) {
    // A request that presents a token is judged by the token alone, never by a cookie beside it.
    const m = /^Bearer\s+(\S{1,200})$/i.exec(authz.trim());
    const owner = m ? await findTokenOwner(m[1]!) : null;
    return owner ? { ok: true, viewer: { ...owner, via: "token" } } : { ok: false, reason: "bad-token" };
  }
  const s = await auth().api.getSession({ headers });
  if (!s) return { ok: false, reason: "anonymous" };
  const role: Role = (s.user as { role?: string }).role === "admin" ? "admin" : "user";
  return {
    ok: true,
    viewer: {
      id: s.user.id,
      email: s.user.email,
      name: s.user.name,
      role,
      via: "session",
      sessionToken: s.session.token,
    },
  };
}

export async function viewerOf(headers: Headers): Promise<Viewer | null> {
  const r = await authenticate(headers);
  return r.ok ? r.viewer : null;
}
