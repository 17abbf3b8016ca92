/** The signed-in account for server components (once per request), and page guards. */
import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { viewerOf } from "@/accounts/resolve";
import { csrfTokenFor } from "@/accounts/csrf";
import type { Viewer } from "@/accounts/viewer";

export const getViewer = cache(async (): Promise<Viewer | null> => viewerOf(await headers()));

/** The viewer, or a redirect to sign-in that comes back to `path`. */
export async function requireViewer(path: string): Promise<Viewer> {
  const v = await getViewer();
  if (!v) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  return v;
}

/** Admin pages answer 404 to everyone else, like an unknown page. */
export async function requireAdmin(path: string): Promise<Viewer> {
  const v = await requireViewer(path);
  if (v.role !== "admin") notFound();
  return v;
}

export async function csrfToken(): Promise<string | null> {
  const v = await getViewer();
  return v?.sessionToken ? csrfTokenFor(v.sessionToken) : null;
}
