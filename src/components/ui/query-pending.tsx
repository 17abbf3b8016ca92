/**
 * A record page before its query has data: the query's error as an alert (`notFound` for a tRPC
 * NOT_FOUND), else a busy placeholder.
 */
export function QueryPending({
  error,
  notFound,
}: {
  error: { message: string; data?: { code?: string } | null } | null;
  notFound: string;
}) {
  if (error)
    return (
      <p role="alert" className="text-red-700">
        {error.data?.code === "NOT_FOUND" ? notFound : error.message}
      </p>
    );
  return <div className="h-40 animate-pulse rounded-lg bg-slate-100" aria-busy="true" />;
}
