import { api } from "../../_lib/api";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/me — who the credentials belong to. */
export const GET = api(async ({ viewer }) =>
  Response.json({ id: viewer.id, email: viewer.email, name: viewer.name, role: viewer.role, via: viewer.via }),
);
