import { openRunsFeed, SSE_HEADERS } from "@/runs/stream";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request) {
  return new Response(await openRunsFeed({ signal: req.signal }), { headers: SSE_HEADERS });
}
