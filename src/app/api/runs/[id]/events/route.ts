import { openRunStream, SSE_HEADERS } from "@/runs/stream";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) return Response.json({ error: "id must be a run id (UUID)" }, { status: 400 });
  const url = new URL(req.url);
  const raw = req.headers.get("last-event-id") ?? url.searchParams.get("lastEventId");
  const lastEventId = raw && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
  const stream = await openRunStream(id, { lastEventId, signal: req.signal });
  if (!stream) return Response.json({ error: `run ${id} not found` }, { status: 404 });
  return new Response(stream, { headers: SSE_HEADERS });
}
