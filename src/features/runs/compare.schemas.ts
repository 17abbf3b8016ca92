/** Which runs a comparison takes: 2 to 4 distinct run ids. Client-safe: zod only. */
import { z } from "zod";

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

export const ZCompareRunsInput = z.object({
  ids: z
    .array(
      z.uuid({ message: "ids must be run ids (UUID)" }).transform((s) => s.toLowerCase()),
      {
        message: `ids must list ${COMPARE_MIN} to ${COMPARE_MAX} run ids`,
      },
    )
    .min(COMPARE_MIN, `ids must list at least ${COMPARE_MIN} runs`)
    .max(COMPARE_MAX, `ids must list at most ${COMPARE_MAX} runs`)
    .refine((ids) => new Set(ids).size === ids.length, "ids must not name a run twice"),
});
export type TCompareRunsInput = z.output<typeof ZCompareRunsInput>;

/** `a,b,c` (a URL's or the CLI's list) → the ids, blanks dropped; checked by ZCompareRunsInput. */
export const splitIds = (s: string): string[] =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
