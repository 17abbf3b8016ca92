/**
 * Security headers on every response, and a per-request CSP nonce: Next puts the nonce on its own
 * scripts when it finds it in the request's Content-Security-Policy, so scripts need no
 * 'unsafe-inline'. Styles keep 'unsafe-inline' (React style attributes and the chart library use them).
 * HSTS is sent only over TLS (directly, or behind a proxy trusted with TRUST_PROXY=1).
 */
import { NextResponse, type NextRequest } from "next/server";

const dev = process.env.NODE_ENV !== "production";

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(req: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  res.headers.set("x-frame-options", "DENY");
  res.headers.set("x-content-type-options", "nosniff");
  res.headers.set("referrer-policy", "strict-origin-when-cross-origin");
  res.headers.set("permissions-policy", "camera=(), microphone=(), geolocation=(self), payment=()");
  res.headers.set("cross-origin-opener-policy", "same-origin");
  const trustProxy = process.env.TRUST_PROXY === "1" || process.env.TRUST_PROXY === "true";
  const https = req.nextUrl.protocol === "https:" || (trustProxy && req.headers.get("x-forwarded-proto") === "https");
  if (https) res.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  return res;
}

export const config = {
  // Static assets carry no HTML: they need no nonce (and stay cacheable).
  matcher: [
    {
      source:
        "/((?!_next/static|_next/image|favicon.ico|icon.svg|icon-192.png|icon-512.png|apple-touch-icon.png|manifest.webmanifest).*)",
    },
  ],
};
