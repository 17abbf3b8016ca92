import pkg from "../../../../../package.json" with { type: "json" };
import { openApiDocument } from "@/features/api-docs/openapi";

export const dynamic = "force-static";

/** GET /api/v1/openapi.json — the HTTP API described for tools (no auth: it holds no data). */
export function GET() {
  return Response.json(openApiDocument(pkg.version));
}
