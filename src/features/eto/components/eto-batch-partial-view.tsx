"use client";

/**
 * An ETo batch's partial result on the run page: a row per place done so far (in the order given) with
 * its days and ETo, the places that failed, those still missing, and (the run page adds the CSV of these rows).
 */
import { useTranslations } from "next-intl";
import { RowsSoFar } from "@/components/ui/rows-so-far";
import { Td } from "@/components/ui/table";
import { ZEtoBatchPartial } from "../eto-batch-partial";
import { useEtoFormat } from "./use-eto-format";

/** "5–6, 9" (place numbers from 1). */
const rangesText = (ranges: readonly [number, number][]) =>
  ranges.map(([a, b]) => (a === b ? `${a + 1}` : `${a + 1}–${b + 1}`)).join(", ");

/** The view, or null when the partial result is not an ETo batch's. */
export function EtoBatchPartialView({ result }: { result: unknown }) {
  const t = useTranslations("BatchPartial");
  const fmt = useEtoFormat();
  const p = ZEtoBatchPartial.safeParse(result).data;
  if (!p) return null;
  return (
    <RowsSoFar
      caption={t("etoCaption")}
      empty={t("noRows")}
      columns={[
        t("colPlace"),
        t("colName"),
        t("colRange"),
        { label: t("colTotal"), numeric: true },
        { label: t("colMean"), numeric: true },
      ]}
      rows={p.rows.map((r) => (
        <tr key={r.index} data-testid="batch-partial-row">
          <Td>{r.index + 1}</Td>
          <Td>
            {r.name ?? t("unnamed")}{" "}
            <span className="text-xs text-slate-500">
              ({fmt.coord(r.latitude)}, {fmt.coord(r.longitude)})
            </span>
          </Td>
          <Td className="whitespace-nowrap">
            {fmt.day(r.start)} – {fmt.day(r.end)} ({r.days})
          </Td>
          <Td className="text-right font-medium">{fmt.num(r.totalMm, 1)}</Td>
          <Td className="text-right">{fmt.num(r.meanMm, 2)}</Td>
        </tr>
      ))}
      failed={
        p.failed.length > 0 &&
        t("failed", {
          list: p.failed.map((f) => `${f.index + 1} (${f.name ?? t("unnamed")}): ${f.message}`).join("; "),
        })
      }
      missing={p.missing.length > 0 && t("missingPlaces", { places: rangesText(p.missing) })}
    />
  );
}
