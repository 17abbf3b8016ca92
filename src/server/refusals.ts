/**
 * A refusal (src/domain/shared/errors.ts) as an answer: its HTTP status, its message (which names what
 * is wrong), and for a BAD_REQUEST the field it names. Used by the HTTP API's error model (src/api/errors.ts) and tRPC's middleware
 * (./trpc.ts) alike.
 */
import { Refusal, type RefusalCode } from "@/domain/shared/errors";

export const REFUSAL_STATUS: Record<RefusalCode, number> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SERVICE_UNAVAILABLE: 503,
};

export interface RefusalAnswer {
  code: RefusalCode;
  status: number;
  message: string;
  /** For a BAD_REQUEST naming its field. */
  field?: string;
  /** For a SERVICE_UNAVAILABLE: when to try again. */
  retryAfterMs?: number;
}

export function refusalOf(err: unknown): RefusalAnswer | null {
  if (!(err instanceof Refusal)) return null;
  const field = err.code === "BAD_REQUEST" ? err.field : undefined;
  return {
    code: err.code,
    status: REFUSAL_STATUS[err.code],
    message: err.message,
    ...(field ? { field } : {}),
    ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
  };
}
