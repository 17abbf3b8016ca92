/**
 * `fluxo runs diff A B [C D]`: the runs side by side as GET /api/v1/runs/compare answers them — the
 * input fields that changed, the result numbers with each run's delta against the first, and a
 * warning when the engine versions differ. A refusal (different tasks, a run not found) exits non-zero
 * with the server's message.
 */
import { CliError, type CliIo } from "./io";
import { call, EXIT, type RemoteOptions } from "./remote";

interface Comparison {
  task: string;
  runs: { id: string; status: string; createdAt: string; provenance: { engineVersion: number | null } }[];
  inputs: { path: string; values: unknown[]; changed: boolean }[];
  outputs: {
    label: string;
    kind: "number" | "date";
    values: (number | string | null)[];
    deltas: (number | null)[];
  }[];
  engineVersionsDiffer: boolean;
}

const LETTERS = "ABCD";

/** A value as the table shows it: numbers to 4 decimals at most, anything else as JSON. */
export function cell(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4)));
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/** A delta with its sign (`+8`, `-0.25`, `+7 d` for dates); blank for none. */
export function deltaCell(d: number | null, kind: "number" | "date"): string {
  if (d === null) return "";
  const s = `${d > 0 ? "+" : ""}${cell(d)}`;
  return kind === "date" ? `${s} d` : s;
}

const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd()).join("\n");
};

/** The comparison as text. */
export function formatComparison(c: Comparison): string {
  const n = c.runs.length;
  const letters = c.runs.map((_, i) => LETTERS[i]!);
  const out: string[] = [`${n} runs of ${c.task}`];
  out.push(
    table(
      c.runs.map((r, i) => [
        letters[i]!,
        r.id,
        r.status,
        `engine ${r.provenance.engineVersion ?? "unknown"}`,
        r.createdAt,
      ]),
    ),
  );
  if (c.engineVersionsDiffer)
    out.push("WARNING: the runs were computed by different engine versions; their results may differ for that alone.");
  const changed = c.inputs.filter((f) => f.changed);
  out.push("", changed.length ? "Changed inputs:" : "Inputs: identical");
  if (changed.length) out.push(table([["field", ...letters], ...changed.map((f) => [f.path, ...f.values.map(cell)])]));
  if (c.outputs.length) {
    const head = ["output", ...letters, ...letters.slice(1).map((l) => `Δ ${l}−A`)];
    const rows = c.outputs.map((m) => [
      m.label,
      ...m.values.map(cell),
      ...m.deltas.slice(1).map((d) => deltaCell(d, m.kind)),
    ]);
    out.push("", "Outputs:", table([head, ...rows]));
  } else out.push("", "Outputs: no numbers to compare (no result yet, or the task has none)");
  return `${out.join("\n")}\n`;
}

export async function runsDiff(io: CliIo, opts: RemoteOptions, args: string[]): Promise<void> {
  const ids = args.filter((a) => !a.startsWith("-"));
  if (ids.length < 2) throw new CliError("fluxo: runs diff needs 2 to 4 run ids: fluxo runs diff A B", EXIT.usage);
  const q = ids.map((id) => encodeURIComponent(id)).join(",");
  const c = (await call(io, opts, "GET", `/api/v1/runs/compare?ids=${q}`)) as Comparison;
  io.out(formatComparison(c));
}
