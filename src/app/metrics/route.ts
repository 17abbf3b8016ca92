import { registry } from "@/server/metrics";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Prometheus text format: this web process's metrics (workers expose theirs on their own port, issue 6). */
export async function GET() {
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType } });
}
