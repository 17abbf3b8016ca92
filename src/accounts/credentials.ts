/** Bounds of the sign-up / sign-in fields, shared by the forms and the server (better-auth enforces the password ones). */
import { z } from "zod";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const NAME_MAX = 100;
export const EMAIL_MAX = 254;

export const ZSignIn = z.object({
  email: z.string().trim().max(EMAIL_MAX, "email").pipe(z.email("email")),
  password: z.string().min(1, "password").max(PASSWORD_MAX, "password"),
});
export const ZSignUp = z.object({
  name: z.string().trim().min(1, "name").max(NAME_MAX, "name"),
  email: z.string().trim().max(EMAIL_MAX, "email").pipe(z.email("email")),
  password: z.string().min(PASSWORD_MIN, "password").max(PASSWORD_MAX, "password"),
});
export type TSignUp = z.infer<typeof ZSignUp>;
