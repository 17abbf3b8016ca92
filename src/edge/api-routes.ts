/**
 * The HTTP API mounted on the edge's Hono app from its declarations (src/api/root.ts): one handler
 * per path answering its methods (HEAD with GET, OPTIONS listing them, 405 naming them otherwise).
 * Static paths are mounted before parameterised ones (`/runs/batch` before `/runs/:id`): the first
 * match answers.
 */
import type { Hono } from "hono";
import type { HttpBindings } from "@hono/node-server";
import { API_ROUTES } from "@/api/root";
import { apiError } from "@/api/http";
import type { Route } from "@/api/route";
import type { TaskCatalog } from "@/runs/task-catalog";

/** `/api/v1/runs/{id}` → `/api/v1/runs/:id`. */
export const honoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ":$1");

/** The methods a path answers (HEAD with GET; OPTIONS always). */
export function allowed(routes: readonly Route[]): string[] {
  const m: string[] = routes.map((r) => r.method);
  if (m.includes("GET")) m.push("HEAD");
  return [...m, "OPTIONS"];
}

/** The routes by path, static paths first, then by how many parameters they take. */
export function byPath(routes: readonly Route[] = API_ROUTES): [string, Route[]][] {
  const paths = new Map<string, Route[]>();
  for (const r of routes) paths.set(r.path, [...(paths.get(r.path) ?? []), r]);
  const params = (p: string) => (p.match(/\{/g) ?? []).length;
  return [...paths].sort(([a], [b]) => params(a) - params(b));
}

export function mountApi(
  app: Hono<{ Bindings: HttpBindings }>,
  tasks: TaskCatalog,
  routes: readonly Route[] = API_ROUTES,
): void {
  for (const [path, rs] of byPath(routes)) {
    const allow = allowed(rs).join(", ");
    app.all(honoPath(path), async (c) => {
      const method = c.req.method;
      if (method === "OPTIONS") return new Response(null, { status: 204, headers: { allow } });
      const route = rs.find((r) => r.method === (method === "HEAD" ? "GET" : method));
      if (!route)
        return apiError(405, "METHOD_NOT_ALLOWED", `${method} is not allowed here; use ${allow}`, {}, { allow });
      const res = await route.handle(c.req.raw, c.req.param() as Record<string, string>, tasks);
      if (method === "HEAD") {
        await res.body?.cancel();
        return new Response(null, { status: res.status, headers: res.headers });
      }
      return res;
    });
  }
}
