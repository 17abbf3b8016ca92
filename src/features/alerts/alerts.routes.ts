/** The HTTP API's alerts (admins): GET /api/v1/alerts — the open ones, or the history a page at a time. */
import { z } from "zod";
import { defineRoute } from "@/api/route";
import { ApiError } from "@/api/http";
import type { Assert, Extends, Jsonified } from "@/api/json";
import { ALERT_KINDS } from "@/domain/alerts/kinds";
import { ALERT_HISTORY_MAX } from "./alerts.schemas";
import { history, open } from "./alerts.service";

const ZDateTime = z.iso.datetime();
const ZAlert = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  rule: z.string().describe("The rule's name"),
  kind: z.enum(ALERT_KINDS),
  subject: z.string().describe("What it is about: queue:<name>, task:<name>, schedule:<id>, workers, tables"),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  firedAt: ZDateTime,
  resolvedAt: ZDateTime.nullable().describe("Null while it is open"),
});
export const ZAlertsResponse = z.object({
  items: z.array(ZAlert),
  nextCursor: z.string().nullable().describe("Pass as cursor for the next (older) page; null: no more"),
});

type _Alert = Assert<Extends<Jsonified<Awaited<ReturnType<typeof history>>>, z.output<typeof ZAlertsResponse>>>;

export const listAlerts = defineRoute({
  method: "GET",
  path: "/api/v1/alerts",
  tags: ["Operations"],
  summary: "Alerts: the open ones (state=open, the default) or every one newest first (state=all, paged) (admins)",
  query: z.object({
    state: z.enum(["open", "all"], { message: "state must be open or all" }).default("open"),
    limit: z.coerce
      .number({ message: "limit must be a number" })
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(ALERT_HISTORY_MAX, `limit must be at most ${ALERT_HISTORY_MAX}`)
      .default(25),
    cursor: z.string().max(80, "cursor must be a cursor from the previous page").optional(),
  }),
  responses: { 200: { description: "{ items, nextCursor }", json: ZAlertsResponse } },
  handler: async ({ viewer, query, json }) => {
    if (viewer.role !== "admin") throw new ApiError(403, "FORBIDDEN", "Only an admin may see alerts");
    if (query.state === "open") return json(200, { items: await open(), nextCursor: null });
    return json(200, await history({ limit: query.limit, cursor: query.cursor }));
  },
});

export const ALERTS_ROUTES = [listAlerts];
