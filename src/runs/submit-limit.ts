import { env } from "@/env";
import type { Limit } from "@/server/rate-limit";

/** How many runs one account may submit per minute (RATE_LIMIT_SUBMIT_PER_MIN), by any route. */
export const submitLimit = (): Limit => ({ limit: env().RATE_LIMIT_SUBMIT_PER_MIN, windowMs: 60_000 });
