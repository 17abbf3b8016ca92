"use client";

import { useTranslations } from "next-intl";
import type { ResultInput } from "../eto-result";
import type { TEtoResultDay, TVariableProvenance } from "../eto.output";
import { Badge } from "@/components/ui/badge";
import { Table, TableHead, Td } from "@/components/ui/table";
import { sourceName } from "./eto-form-spec";
import { useEtoFormat } from "./use-eto-format";

/** The sources that gave any of a day's values. */
function daySources(d: TEtoResultDay): string[] {
  const out = new Set<string>();
  for (const p of Object.values(d.provenance)) if (p.kind === "fused") for (const s of p.sources) out.add(s.source);
  return [...out];
}

/** Whether any of a day's values was interpolated / estimated. */
const dayHas = (d: TEtoResultDay, kind: TVariableProvenance["kind"]) =>
  Object.values(d.provenance).some((p) => p.kind === kind);

/** A value with its provenance: a title saying where it came from, "i"/"e" when interpolated/estimated. */
function Value({ day, v, digits = 1 }: { day: TEtoResultDay; v: ResultInput; digits?: number }) {
  const t = useTranslations("Eto");
  const fmt = useEtoFormat();
  const p: TVariableProvenance | undefined = day.provenance[v];
  const title =
    p?.kind === "fused"
      ? p.sources.map((s) => `${sourceName(s.source)} ${fmt.num(s.weight, 2)}`).join("; ")
      : p?.kind === "interpolated"
        ? t("provInterpolated", { from: fmt.day(p.between[0]), to: fmt.day(p.between[1]) })
        : p?.kind === "estimated"
          ? t("provEstimated", { method: p.method })
          : t("provMissing");
  const mark = p?.kind === "interpolated" ? "i" : p?.kind === "estimated" ? "e" : null;
  return (
    <span title={title} data-provenance={p?.kind}>
      {fmt.num(day.inputs[v], digits)}
      {mark && <sup className="ml-0.5 font-semibold text-amber-700">{mark}</sup>}
    </span>
  );
}

/** One row per day: ETo, Open-Meteo's, the inputs, and which sources gave them (headers keep the units' case). */
/** A right-aligned cell with one variable's value. */
function ValueCell({ day, v }: { day: TEtoResultDay; v: ResultInput }) {
  return (
    <Td className="text-right">
      <Value day={day} v={v} />
    </Td>
  );
}

export function EtoDayTable({ days }: { days: readonly TEtoResultDay[] }) {
  const t = useTranslations("Eto");
  const fmt = useEtoFormat();
  const hasReference = days.some((d) => d.referenceEtoMm !== null);
  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-medium text-slate-700">{t("tableTitle")}</figcaption>
      <div className="max-h-[32rem] overflow-y-auto">
        <Table data-testid="eto-days" className="[&_th]:normal-case [&_th]:tracking-normal">
          <TableHead
            columns={[
              t("colDate"),
              { label: t("colEto"), numeric: true },
              ...(hasReference ? [{ label: t("colReference"), numeric: true }] : []),
              { label: t("colTmax"), numeric: true },
              { label: t("colTmin"), numeric: true },
              { label: t("colRh"), numeric: true },
              { label: t("colWind"), numeric: true },
              { label: t("colRs"), numeric: true },
              t("colProvenance"),
            ]}
            className="sticky top-0 bg-white"
          />
          <tbody className="tabular-nums">
            {days.map((d) => (
              <tr key={d.date} data-testid="eto-day">
                <Td className="whitespace-nowrap">{fmt.day(d.date)}</Td>
                <Td className="text-right font-medium">{fmt.num(d.etoMm, 2)}</Td>
                {hasReference && <Td className="text-right text-slate-600">{fmt.num(d.referenceEtoMm, 2)}</Td>}
                <ValueCell day={d} v="tmaxC" />
                <ValueCell day={d} v="tminC" />
                <Td className="whitespace-nowrap text-right">
                  <Value day={d} v="rhmaxPct" digits={0} /> / <Value day={d} v="rhminPct" digits={0} />
                </Td>
                <ValueCell day={d} v="wind2mMs" />
                <ValueCell day={d} v="rsMJm2" />
                <Td className="text-xs" data-testid="day-sources">
                  <span className="text-slate-600">{daySources(d).map(sourceName).join(", ")}</span>
                  {dayHas(d, "interpolated") && (
                    <Badge tone="warning" className="ml-1">
                      {t("markInterpolated")}
                    </Badge>
                  )}
                  {dayHas(d, "estimated") && (
                    <Badge tone="info" className="ml-1">
                      {t("markEstimated")}
                    </Badge>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
      <p className="text-xs text-slate-500">{t("legend")}</p>
    </figure>
  );
}
