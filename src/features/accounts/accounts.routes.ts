/** The HTTP API's GET /api/v1/me: who the credentials belong to. */
import { defineRoute } from "@/api/route";
import { ZMeResponse } from "./accounts.responses";

export const me = defineRoute({
  method: "GET",
  path: "/api/v1/me",
  tags: ["Account"],
  summary: "The account the token (or session) belongs to",
  responses: { 200: { description: "The account", json: ZMeResponse } },
  handler: ({ viewer, json }) =>
    json(200, { id: viewer.id, email: viewer.email, name: viewer.name, role: viewer.role, via: viewer.via }),
});

export const ACCOUNTS_ROUTES = [me];
