import { z } from "zod";

export const TOKEN_NAME_MAX = 64;
export const TOKENS_PER_ACCOUNT_MAX = 50;

export const ZCreateTokenInput = z.object({
  name: z
    .string({ message: "name is required" })
    .trim()
    .min(1, "name is required")
    .max(TOKEN_NAME_MAX, `name must be at most ${TOKEN_NAME_MAX} characters`)
    .regex(/^[^\p{Cc}]+$/u, "name must not contain control characters"),
  /** Days until the token stops working; absent: it works until revoked. */
  expiresInDays: z
    .number({ message: "expiresInDays must be a number" })
    .int("expiresInDays must be a whole number")
    .min(1, "expiresInDays must be at least 1")
    .max(3650, "expiresInDays must be at most 3650")
    .optional(),
});
export const ZTokenId = z.object({ id: z.uuid({ message: "id must be a token id (UUID)" }) });
