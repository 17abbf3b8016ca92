/**
 * The install's signing secret: AUTH_SECRET, or one made on first start and kept in
 * FLUXO_DATA_DIR/auth-secret (0600) so sessions survive restarts with nothing to configure.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/env";

let cached: string | undefined;

export function authSecret(): string {
  if (cached) return cached;
  const fromEnv = env().AUTH_SECRET;
  if (fromEnv) return (cached = fromEnv);
  const file = path.resolve(env().FLUXO_DATA_DIR, "auth-secret");
  try {
    const s = readFileSync(file, "utf8").trim();
    if (s.length >= 32) return (cached = s);
  } catch {
    /* not made yet */
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const made = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, made + "\n", { mode: 0o600, flag: "wx" });
    return (cached = made);
  } catch {
    // Another process made it first: use theirs.
    return (cached = readFileSync(file, "utf8").trim());
  }
}
