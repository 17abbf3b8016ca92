import { QueryClient, defaultShouldDehydrateQuery } from "@tanstack/react-query";

/** One QueryClient per browser session (and per request on the server). */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live data arrives over SSE; avoid refetching everything on every focus.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => {
          const code = (err as { data?: { code?: string } } | null)?.data?.code;
          if (code === "NOT_FOUND" || code === "BAD_REQUEST") return false;
          return count < 2;
        },
      },
      dehydrate: {
        shouldDehydrateQuery: (q) => defaultShouldDehydrateQuery(q) || q.state.status === "pending",
      },
    },
  });
}
