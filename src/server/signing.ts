/**
 * Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with the hook's secret, sent as
 * `x-fluxo-timestamp` (Unix ms) and `x-fluxo-signature: sha256=<hex>`. The timestamp bounds replays.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-fluxo-signature";
export const TIMESTAMP_HEADER = "x-fluxo-timestamp";
export const REPLAY_WINDOW_MS = 5 * 60_000;

export const newSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;

export function sign(secret: string, timestampMs: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestampMs}.${body}`).digest("hex")}`;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

export function verify(
  secret: string,
  timestamp: string | null,
  signature: string | null,
  body: string,
  now = Date.now(),
): Verdict {
  if (!timestamp || !/^\d{1,15}$/.test(timestamp))
    return { ok: false, reason: `${TIMESTAMP_HEADER} is missing or not a number of milliseconds` };
  if (Math.abs(now - Number(timestamp)) > REPLAY_WINDOW_MS)
    return { ok: false, reason: `${TIMESTAMP_HEADER} is more than 5 minutes away from now` };
  if (!signature) return { ok: false, reason: `${SIGNATURE_HEADER} is missing` };
  const want = Buffer.from(sign(secret, Number(timestamp), body));
  const got = Buffer.from(signature);
  if (got.length !== want.length || !timingSafeEqual(got, want))
    return { ok: false, reason: "the signature does not match the body" };
  return { ok: true };
}
