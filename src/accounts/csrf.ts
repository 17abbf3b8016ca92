/**
 * CSRF for cookie-authenticated writes: a token bound to the session (HMAC of the session token with
 * the install's secret), rendered into the page and sent back in the `x-csrf-token` header, plus an
 * Origin check when the browser sends one. Bearer-token requests need neither (no ambient credential).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { authSecret } from "./secret";
import type { Viewer } from "./viewer";

export const CSRF_HEADER = "x-csrf-token";

export function csrfTokenFor(sessionToken: string): string {
  return createHmac("sha256", authSecret()).update(`csrf:${sessionToken}`).digest("base64url");
}

/** Null when the write may go ahead; otherwise the reason it is refused. */
export function csrfProblem(viewer: Viewer, headers: Headers, allowedOrigins: string[]): string | null {
  if (viewer.via !== "session") return null;
  const origin = headers.get("origin");
  if (origin && origin !== "null" && !allowedOrigins.includes(origin))
    return `origin ${origin} is not allowed to write here`;
  if (origin === "null") return "requests from an opaque origin may not write here";
  const sent = headers.get(CSRF_HEADER);
  if (!sent) return `the ${CSRF_HEADER} header is missing (reload the page)`;
  const want = Buffer.from(csrfTokenFor(viewer.sessionToken ?? ""));
  const got = Buffer.from(sent);
  if (got.length !== want.length || !timingSafeEqual(got, want))
    return `the ${CSRF_HEADER} header does not match this session (reload the page)`;
  return null;
}
