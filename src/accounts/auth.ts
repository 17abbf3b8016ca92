/**
 * Accounts with better-auth (email + password, sessions in Postgres through the Prisma adapter,
 * password hashing by the library). One instance per process, made on first use so importing this
 * module never needs a database. better-auth's own rate limiter is off: Fluxo's (Redis-backed when
 * Redis exists) guards sign-in and sign-up in the route, like every other limit.
 */
import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { env } from "@/env";
import { db } from "@/server/db";
import { logger } from "@/server/logger";
import { EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from "./credentials";
import { authSecret } from "./secret";
import { countUsers } from "./user.repository";
import { publishAuthChange } from "./token-cache";

/** Origins allowed to send cookie-authenticated writes: this request's own host, FLUXO_URL, AUTH_TRUSTED_ORIGINS. */
export function trustedOrigins(req?: Request): string[] {
  const out = new Set<string>();
  const e = env();
  if (e.FLUXO_URL) out.add(new URL(e.FLUXO_URL).origin);
  for (const o of e.AUTH_TRUSTED_ORIGINS.split(",")
    .map((s) => s.trim())
    .filter(Boolean))
    out.add(o.replace(/\/$/, ""));
  if (req) {
    const host = req.headers.get("host");
    const proto = e.TRUST_PROXY
      ? (req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", ""))
      : new URL(req.url).protocol.replace(":", "");
    if (host) out.add(`${proto}://${host}`);
  }
  return [...out];
}

/** better-auth bounds passwords but not names: every field a person types has a limit. */
function checkProfile(u: { name?: unknown; email?: unknown }): void {
  if (typeof u.name === "string" && (u.name.trim().length === 0 || u.name.length > NAME_MAX)) {
    throw new APIError("BAD_REQUEST", { message: `name: must be 1 to ${NAME_MAX} characters` });
  }
  if (typeof u.email === "string" && u.email.length > EMAIL_MAX) {
    throw new APIError("BAD_REQUEST", { message: `email: must be at most ${EMAIL_MAX} characters` });
  }
}

function makeAuth() {
  const e = env();
  return betterAuth({
    appName: "Fluxo",
    secret: authSecret(),
    ...(e.FLUXO_URL ? { baseURL: e.FLUXO_URL } : {}),
    basePath: "/api/auth",
    database: prismaAdapter(db(), { provider: "postgresql" }),
    trustedOrigins: (req) => trustedOrigins(req),
    telemetry: { enabled: false },
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      requireEmailVerification: e.AUTH_REQUIRE_EMAIL_VERIFICATION,
      autoSignIn: true,
    },
    emailVerification: {
      // The hook a mailer plugs into (send `url` to `user.email`). Without one nothing is sent, and the
      // link is not logged either: it is a credential. Require verification only with a mailer plugged in.
      sendVerificationEmail: async ({ user }) => {
        logger.warn({ userId: user.id }, "email verification requested but no mailer is configured");
      },
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "user", input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    advanced: {
      useSecureCookies: e.FLUXO_URL?.startsWith("https://") ?? false,
      cookiePrefix: "fluxo",
      ipAddress: e.TRUST_PROXY ? { ipAddressHeaders: ["x-forwarded-for"] } : { disableIpTracking: true },
    },
    databaseHooks: {
      user: {
        create: {
          // The first account may always be made (it becomes admin, by a trigger in the database).
          before: async (user) => {
            checkProfile(user);
            if (!env().AUTH_ALLOW_SIGNUP && (await countUsers()) > 0) {
              throw new APIError("FORBIDDEN", {
                message: "Sign-up is closed on this install: ask an admin for an account.",
              });
            }
            return { data: user };
          },
        },
        update: {
          before: async (user) => {
            checkProfile(user);
            return { data: user };
          },
          // Cached token owners carry the name, email and role: every web node drops them.
          after: async (user) => publishAuthChange({ userId: user.id }),
        },
      },
      account: {
        // A password set or changed: every web node drops what it cached for the account.
        update: { after: async (account) => publishAuthChange({ userId: account.userId }) },
      },
    },
  });
}

export type Auth = ReturnType<typeof makeAuth>;

const g = globalThis as unknown as { __fluxoAuth?: Auth };

export function auth(): Auth {
  g.__fluxoAuth ??= makeAuth();
  return g.__fluxoAuth;
}
