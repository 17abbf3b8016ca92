import { z } from "zod";

export const ZClearCacheInput = z.object({
  namespace: z
    .string()
    .regex(/^[a-z0-9][a-z0-9:._-]{0,63}$/, "namespace must be 1–64 characters: a–z, 0–9 and : . _ -"),
});
export type TClearCacheInput = z.infer<typeof ZClearCacheInput>;
