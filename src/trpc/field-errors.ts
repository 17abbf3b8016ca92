/**
 * A tRPC error's per-field messages (the server's `data.fields`), keyed by the top-level field, for
 * showing each beside its input. `{}` for any other error.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  const fields = (err as { data?: { fields?: { path: string; message: string }[] | null } } | null)?.data?.fields ?? [];
  const out: Record<string, string> = {};
  for (const f of fields) out[f.path.split(".")[0]!] ??= f.message;
  return out;
}
