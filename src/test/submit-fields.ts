/** The fields of a submission to POST /api/v1/runs (and of each item of /api/v1/runs/batch), as the tests expect them (test-only). */
export const SUBMIT_FIELDS = [
  "task",
  "input",
  "priority",
  "delayMs",
  "runAt",
  "idempotencyKey",
  "concurrencyKey",
  "concurrencyLimit",
  "originRunId",
] as const;
