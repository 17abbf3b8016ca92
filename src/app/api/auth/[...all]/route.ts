/**
 * better-auth's endpoints (sign-up, sign-in, sign-out, session), behind Fluxo's body limit and
 * rate limits: sign-in and sign-up per client address and per email, 429 with Retry-After.
 */
import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/accounts/auth";
import { clientAddress } from "@/accounts/client-address";
import { env } from "@/env";
import { withBodyLimit } from "@/server/body-limit";
import { consume } from "@/server/rate-limit";
import { apiError } from "@/api/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const LIMITED = /\/api\/auth\/(sign-in|sign-up|change-password)(\/|$)/;

async function limited(req: Request): Promise<Response | null> {
  const m = LIMITED.exec(new URL(req.url).pathname);
  if (!m) return null;
  const limit = { limit: env().RATE_LIMIT_SIGNIN_PER_MIN, windowMs: 60_000 };
  let email = "";
  try {
    const body = (await req.clone().json()) as { email?: unknown };
    if (typeof body.email === "string") email = body.email.trim().toLowerCase().slice(0, 254);
  } catch {
    /* better-auth answers bad bodies itself */
  }
  const keys = [`${m[1]}:ip:${clientAddress(req)}`, ...(email ? [`${m[1]}:email:${email}`] : [])];
  for (const k of keys) {
    const r = await consume(k, limit);
    if (!r.ok) {
      const s = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
      const what = m[1] === "sign-in" ? "sign-in attempts" : m[1] === "sign-up" ? "sign-ups" : "password changes";
      return apiError(
        429,
        "RATE_LIMITED",
        `Too many ${what}: try again in ${s} s`,
        { retryAfterMs: r.retryAfterMs },
        { "retry-after": String(s) },
      );
    }
  }
  return null;
}

const handlers = () => toNextJsHandler(auth());

export async function GET(req: Request): Promise<Response> {
  return handlers().GET(req);
}

export async function POST(raw: Request): Promise<Response> {
  const req = await withBodyLimit(raw, 64 * 1024);
  if (req instanceof Response) return req;
  return (await limited(req)) ?? handlers().POST(req);
}
