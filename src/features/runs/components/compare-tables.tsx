"use client";

/**
 * The two tables of a comparison: the inputs field by field (changed fields highlighted, unchanged ones
 * behind a toggle) and the outputs side by side with each run's delta against run A (coloured + / −).
 */
import { useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import type { RunComparisonDto } from "../compare.service";

type Output = RunComparisonDto["outputs"][number];
export const LETTERS = ["A", "B", "C", "D"] as const;

/** An input value as the table shows it: scalars as they are, anything else as compact JSON. */
export function inputCell(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

export function InputsDiff({ inputs, runs }: { inputs: RunComparisonDto["inputs"]; runs: number }) {
  const t = useTranslations("Compare");
  const [all, setAll] = useState(false);
  const changed = inputs.filter((f) => f.changed).length;
  const shown = all ? inputs : inputs.filter((f) => f.changed);
  return (
    <Card data-testid="compare-inputs">
      <CardHeader
        title={t("inputsTitle")}
        actions={
          <button
            type="button"
            className="rounded border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50"
            aria-pressed={all}
            data-testid="compare-toggle-unchanged"
            onClick={() => setAll((x) => !x)}
          >
            {all ? t("hideUnchanged") : t("showUnchanged")}
          </button>
        }
      />
      <p className="mb-3 text-sm text-slate-600" data-testid="compare-changed-count">
        {t("changedCount", { changed, total: inputs.length })}
      </p>
      {shown.length > 0 && (
        <Table>
          <TableHead columns={[t("field"), ...LETTERS.slice(0, runs)]} />
          <tbody>
            {shown.map((f) => (
              <tr
                key={f.path}
                data-testid="compare-input-row"
                data-field={f.path}
                data-changed={f.changed}
                className={cn(f.changed && "bg-amber-50")}
              >
                <Td className="font-mono text-xs">
                  {f.path}
                  {f.changed && <span className="sr-only"> ({t("changed")})</span>}
                </Td>
                {f.values.map((v, i) => (
                  <Td
                    key={i}
                    className={cn("break-all font-mono text-xs", f.changed && i > 0 && "font-semibold text-amber-900")}
                  >
                    {inputCell(v)}
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function useOutputFormat() {
  const t = useTranslations("Compare");
  const format = useFormatter();
  const label = (m: Output) => {
    const key = `metric.${m.name}`;
    return t.has(key) ? t(key, { of: m.of ?? "" }) : m.label;
  };
  const value = (m: Output, v: number | string | null) => {
    if (v === null) return "—";
    if (typeof v === "string")
      return m.kind === "date"
        ? format.dateTime(new Date(`${v}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" })
        : v;
    if (m.unit === "fraction") return format.number(v, { style: "percent", maximumFractionDigits: 2 });
    return format.number(v, { maximumFractionDigits: 4 });
  };
  const delta = (m: Output, d: number | null) => {
    if (d === null) return "";
    if (m.kind === "date") return t("deltaDays", { delta: format.number(d, { signDisplay: "exceptZero" }) });
    if (m.unit === "fraction")
      return t("deltaPoints", {
        delta: format.number(d * 100, { signDisplay: "exceptZero", maximumFractionDigits: 2 }),
      });
    return format.number(d, { signDisplay: "exceptZero", maximumFractionDigits: 4 });
  };
  return { label, value, delta };
}

export function OutputsTable({ outputs, runs }: { outputs: RunComparisonDto["outputs"]; runs: number }) {
  const t = useTranslations("Compare");
  const f = useOutputFormat();
  const letters = LETTERS.slice(0, runs);
  return (
    <Card data-testid="compare-outputs">
      <CardHeader title={t("outputsTitle")} />
      {outputs.length === 0 ? (
        <p className="text-sm text-slate-600">{t("noOutputs")}</p>
      ) : (
        <Table>
          <TableHead
            columns={[
              t("output"),
              ...letters.map((l) => ({ label: l, numeric: true })),
              ...letters.slice(1).map((l) => ({ label: t("delta", { letter: l }), numeric: true })),
            ]}
          />
          <tbody>
            {outputs.map((m) => (
              <tr key={m.key} data-testid="compare-output-row" data-key={m.key}>
                <Td>{f.label(m)}</Td>
                {m.values.map((v, i) => (
                  <Td key={i} className="text-right tabular-nums" data-testid={`compare-value-${letters[i]}`}>
                    {f.value(m, v)}
                  </Td>
                ))}
                {m.deltas.slice(1).map((d, i) => (
                  <Td
                    key={i}
                    data-testid={`compare-delta-${letters[i + 1]}`}
                    className={cn(
                      "text-right font-medium tabular-nums",
                      d !== null && d > 0 && "text-emerald-700",
                      d !== null && d < 0 && "text-red-700",
                    )}
                  >
                    {f.delta(m, d)}
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
