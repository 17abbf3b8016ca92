import { env } from "@/env";

/**
 * The client's address, for per-address limits. Behind a trusted proxy (TRUST_PROXY=1) it is the
 * first X-Forwarded-For entry; otherwise the entry `next start` itself appends (the socket peer),
 * which a client cannot forge.
 */
export function clientAddress(req: Request): string {
  const xff = req.headers.get("x-forwarded-for");
  if (!xff) return "unknown";
  const parts = xff.split(",").map((s) => s.trim()).filter(Boolean);
  const pick = env().TRUST_PROXY ? parts[0] : parts[parts.length - 1];
  return (pick ?? "unknown").slice(0, 64);
}
