import { env } from "@/env";

/**
 * The client's address, for per-address limits. `next start` fills X-Forwarded-For from the socket
 * only when the request has none, so without a proxy a client can forge it: the per-email sign-in
 * limit is the one that always holds. Behind a reverse proxy (TRUST_PROXY=1) the last entry is the
 * one that proxy appended, which the client cannot forge.
 */
export function clientAddress(req: Request): string {
  const xff = req.headers.get("x-forwarded-for");
  if (!xff) return "unknown";
  const parts = xff
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const pick = env().TRUST_PROXY ? parts[parts.length - 1] : parts[0];
  return (pick ?? "unknown").slice(0, 64);
}
