"use client";

import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import type { KeyFigures } from "@/domain/projects";
import type { ProjectDetail } from "../projects.service";
import { useProjectFormat } from "./use-project-format";

type Saved = ProjectDetail["forecasts"][number];

/** The levels to show: 50 and 85 when present, else the first two. */
function shown(values: Record<string, unknown>): string[] {
  const keys = Object.keys(values);
  const main = ["50", "85"].filter((k) => k in values);
  return main.length ? main : keys.slice(0, 2);
}

function Figures({ figures, periodDays }: { figures: KeyFigures; periodDays: number }) {
  const t = useTranslations("ProjectsDetail");
  const fmt = useProjectFormat();
  const v = figures.values;
  const unit = periodDays === 7 ? "week" : "day";
  const parts: string[] = [];
  if (figures.unit === "feature") {
    for (const [name, x] of Object.entries(v).slice(0, 3))
      parts.push(
        `${name}: ${typeof x === "string" ? fmt.day(x) : typeof x === "number" ? t("periodsCount", { count: x, unit }) : "—"}`,
      );
  } else {
    for (const q of shown(v)) {
      const x = v[q];
      const text =
        x === null || x === undefined
          ? "—"
          : figures.unit === "date"
            ? fmt.day(String(x))
            : figures.unit === "periods"
              ? t("periodsCount", { count: Number(x), unit })
              : figures.unit === "items"
                ? t("atLeastItems", { n: fmt.num(Number(x), 0) })
                : t("coverage", { pct: fmt.pct(Number(x)) });
      parts.push(`P${q} ${text}`);
    }
  }
  if (figures.probability !== undefined) parts.push(t("onTime", { pct: fmt.pct(figures.probability) }));
  return <span className="tabular-nums">{parts.join(" · ") || "—"}</span>;
}

/** Forecasts saved from runs: what each said at a glance, its run, its CSV; remove one. */
export function SavedForecasts({ id, forecasts, periodDays }: { id: string; forecasts: Saved[]; periodDays: number }) {
  const t = useTranslations("ProjectsDetail");
  const fmt = useProjectFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const remove = useMutation(
    trpc.projects.removeForecast.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ id }) }),
    }),
  );
  const newest = [...forecasts].reverse();

  return (
    <Card>
      <CardHeader title={t("savedTitle")} />
      {forecasts.length === 0 ? (
        <p className="text-sm text-slate-500">{t("savedEmpty")}</p>
      ) : (
        <Table data-testid="saved-forecasts">
          <TableHead
            columns={[t("madeOn"), t("kind"), t("label"), t("keyFigures"), { label: t("actions"), srOnly: true }]}
          />
          <tbody>
            {newest.map((f) => (
              <tr key={f.id}>
                <Td className="whitespace-nowrap tabular-nums">{fmt.madeOn(f.createdAt)}</Td>
                <Td>{t(`tab.${f.kind}`)}</Td>
                <Td>{f.label ?? "—"}</Td>
                <Td>
                  <Figures figures={f.figures} periodDays={periodDays} />
                </Td>
                <Td className="space-x-3 whitespace-nowrap text-right">
                  <Link
                    href={`/runs/${f.runId}`}
                    className="text-sm text-indigo-700 hover:underline"
                    aria-label={t("openRunOf", { when: fmt.madeOn(f.createdAt) })}
                  >
                    {t("openRun")}
                  </Link>
                  <a
                    href={`/api/v1/projects/${id}/forecasts/${f.id}/result.csv`}
                    download
                    className="text-sm text-indigo-700 hover:underline"
                  >
                    CSV
                  </a>
                  <ConfirmButton
                    size="sm"
                    variant="secondary"
                    disabled={remove.isPending}
                    question={t("confirmRemoveForecast")}
                    onConfirm={() => remove.mutate({ id, forecastId: f.id })}
                  >
                    {t("remove")}
                  </ConfirmButton>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {remove.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {remove.error.message}
        </p>
      )}
    </Card>
  );
}
