"use client";

import { useCallback } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A run id kept in the URL (`?run=` by default), so a reload or a shared link brings the run, its
 * live progress and its result back. Other search params are kept.
 */
export function useRunParam(name = "run"): [string | null, (id: string | null) => void] {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const raw = params.get(name);
  const runId = raw && UUID.test(raw) ? raw.toLowerCase() : null;
  const set = useCallback(
    (id: string | null) => {
      const next = new URLSearchParams(params.toString());
      if (id) next.set(name, id);
      else next.delete(name);
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, pathname, router, name],
  );
  return [runId, set];
}
