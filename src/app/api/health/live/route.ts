export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const started = Date.now();

/** Liveness: the web process answers. */
export function GET() {
  return Response.json(
    { status: "ok", uptimeS: Math.round((Date.now() - started) / 1000) },
    { headers: { "cache-control": "no-store" } },
  );
}
