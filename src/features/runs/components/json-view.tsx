/** Pretty-printed JSON in a scrollable block; never throws on odd values. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  let text: string;
  try {
    // Arrays of plain values (samples, percentiles…) on one line; JSON strings never hold raw newlines.
    text = (JSON.stringify(value, null, 2) ?? "null").replace(
      /\[\n\s+([^[\]{}]*?)\n\s*\]/g,
      (_, inner: string) => `[${inner.replace(/,\n\s+/g, ", ")}]`,
    );
  } catch {
    text = String(value);
  }
  return (
    <pre
      style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}
      aria-label={label}
      tabIndex={0}
      className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100"
    >
      {text}
    </pre>
  );
}
