import { MutationCache, QueryCache, QueryClient, defaultShouldDehydrateQuery } from "@tanstack/react-query";

const codeOf = (err: unknown) => (err as { data?: { code?: string } } | null)?.data?.code;

/** A session that ended (expired, signed out in another tab): back to sign-in, then here again. */
function onAuthError(err: unknown): void {
  if (typeof window === "undefined" || codeOf(err) !== "UNAUTHORIZED") return;
  const here = window.location.pathname + window.location.search;
  if (!window.location.pathname.startsWith("/sign-"))
    window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
}

/** One QueryClient per browser session (and per request on the server). */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onAuthError }),
    mutationCache: new MutationCache({ onError: onAuthError }),
    defaultOptions: {
      queries: {
        // Live data arrives over SSE; avoid refetching everything on every focus.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => {
          const code = codeOf(err);
          if (code === "NOT_FOUND" || code === "BAD_REQUEST" || code === "UNAUTHORIZED" || code === "FORBIDDEN")
            return false;
          return count < 2;
        },
      },
      dehydrate: {
        shouldDehydrateQuery: (q) => defaultShouldDehydrateQuery(q) || q.state.status === "pending",
      },
    },
  });
}
