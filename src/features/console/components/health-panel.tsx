"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";

const TONE: Record<"ok" | "warn" | "critical", BadgeTone> = { ok: "success", warn: "warning", critical: "danger" };

/**
 * Job-table health (refreshed every 10 s): the verdict and admission control on top, then the hot
 * tables, what holds the xmin horizon, and long-running statements.
 */
export function HealthPanel() {
  const t = useTranslations("Health");
  const f = useFormatter();
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.console.health.queryOptions(), refetchInterval: 10_000 });
  const d = q.data;
  const n = (x: number) => f.number(x);
  const pct = (x: number) => f.number(x, { style: "percent", maximumFractionDigits: 1 });
  const mib = (b: number) => `${f.number(b / 1024 ** 2, { maximumFractionDigits: 1 })} MiB`;
  const secs = (s: number | null) =>
    s === null ? "—" : t("seconds", { s: f.number(s, { maximumFractionDigits: 0 }) });
  const when = (iso: string | null) =>
    iso ? f.dateTime(new Date(iso), { dateStyle: "short", timeStyle: "medium" }) : t("never");
  const limitOf = (code: string, v: number) =>
    code === "dead_ratio" ? pct(v) : code === "replication_slot" ? n(v) : secs(v);

  return (
    <div className="space-y-6" data-testid="health-panel">
      {q.error && (
        <p role="alert" className="text-sm text-red-700">
          {q.error.message}
        </p>
      )}
      {d && (
        <>
          <Card className="space-y-3" data-testid="health-verdict">
            <CardHeader
              title={t("verdict")}
              actions={
                <Badge tone={TONE[d.verdict.level]} data-testid="health-level">
                  {t(`level.${d.verdict.level}`)}
                </Badge>
              }
            />
            {d.verdict.reasons.length === 0 ? (
              <p className="text-sm text-slate-600">{t("allClear")}</p>
            ) : (
              <ul className="space-y-2 text-sm">
                {d.verdict.reasons.map((r, i) => (
                  <li key={i} className="flex gap-2">
                    <Badge tone={TONE[r.level]}>{t(`level.${r.level}`)}</Badge>
                    <span>
                      <span className="font-medium">{t(`reason.${r.code}`)}</span>{" "}
                      {t("valueLimit", { value: limitOf(r.code, r.value), limit: limitOf(r.code, r.limit) })}
                      <span className="block text-xs text-slate-500">{r.message}</span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <p className="text-sm" data-testid="health-admission">
              {d.admission.shedding ? (
                <Badge tone="danger">{t("shedding", { below: d.admission.lowPriorityBelow })}</Badge>
              ) : (
                <Badge tone="success">{t("admitting")}</Badge>
              )}{" "}
              <span className="text-slate-600">
                {t("admissionRule", {
                  below: d.admission.lowPriorityBelow,
                  wait: d.admission.queueWaitLimitS,
                  retry: d.admission.retryAfterS,
                })}
              </span>
            </p>
            {d.admission.backedUp.length > 0 && (
              <ul className="text-sm text-red-700">
                {d.admission.backedUp.map((b) => (
                  <li key={b.queue}>{t("backedUp", { queue: b.queue, wait: secs(b.oldestWaitS) })}</li>
                ))}
              </ul>
            )}
            <p className="text-xs text-slate-500">{t("readAt", { at: when(d.at) })}</p>
          </Card>

          <Card>
            <CardHeader title={t("tables")} />
            <Table data-testid="health-tables">
              <thead>
                <tr>
                  <Th>{t("table")}</Th>
                  <Th className="text-right">{t("live")}</Th>
                  <Th className="text-right">{t("dead")}</Th>
                  <Th className="text-right">{t("deadRatio")}</Th>
                  <Th>{t("lastAutovacuum")}</Th>
                  <Th>{t("lastAutoanalyze")}</Th>
                  <Th className="text-right">{t("heap")}</Th>
                  <Th className="text-right">{t("indexes")}</Th>
                  <Th className="text-right">{t("total")}</Th>
                  <Th>{t("settings")}</Th>
                </tr>
              </thead>
              <tbody>
                {d.tables.map((r) => (
                  <tr key={r.table} data-testid={`health-table-${r.table}`}>
                    <Td className="font-mono text-xs">{r.table}</Td>
                    <Td className="text-right tabular-nums">{n(r.liveTuples)}</Td>
                    <Td className="text-right tabular-nums">{n(r.deadTuples)}</Td>
                    <Td className="text-right tabular-nums">{pct(r.deadRatio)}</Td>
                    <Td className="text-xs">{when(r.lastAutovacuum)}</Td>
                    <Td className="text-xs">{when(r.lastAutoanalyze)}</Td>
                    <Td className="text-right tabular-nums">{mib(r.tableBytes)}</Td>
                    <Td className="text-right tabular-nums">{mib(r.indexBytes)}</Td>
                    <Td className="text-right tabular-nums">{mib(r.totalBytes)}</Td>
                    <Td className="font-mono text-xs">{r.options.join(", ") || "—"}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>

          <Card>
            <CardHeader title={t("xmin")} />
            {d.xmin.length === 0 ? (
              <p className="text-sm text-slate-600">{t("noXmin")}</p>
            ) : (
              <Table data-testid="health-xmin">
                <thead>
                  <tr>
                    <Th>{t("source")}</Th>
                    <Th className="text-right">{t("pid")}</Th>
                    <Th>{t("who")}</Th>
                    <Th>{t("state")}</Th>
                    <Th className="text-right">{t("age")}</Th>
                    <Th className="text-right">{t("xids")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {d.xmin.map((x, i) => (
                    <tr key={i}>
                      <Td>{t(`holder.${x.source}`)}</Td>
                      <Td className="text-right tabular-nums">{x.pid ?? "—"}</Td>
                      <Td className="font-mono text-xs">{x.name}</Td>
                      <Td>{x.state ?? "—"}</Td>
                      <Td className="text-right tabular-nums">{secs(x.ageSeconds)}</Td>
                      <Td className="text-right tabular-nums">{n(x.xids)}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>

          <Card>
            <CardHeader title={t("longQueries", { s: d.thresholds.longQuerySeconds })} />
            {d.longQueries.length === 0 ? (
              <p className="text-sm text-slate-600">{t("noLongQueries")}</p>
            ) : (
              <Table data-testid="health-long-queries">
                <thead>
                  <tr>
                    <Th className="text-right">{t("pid")}</Th>
                    <Th>{t("who")}</Th>
                    <Th>{t("state")}</Th>
                    <Th className="text-right">{t("duration")}</Th>
                    <Th>{t("waiting")}</Th>
                    <Th>{t("query")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {d.longQueries.map((x) => (
                    <tr key={x.pid}>
                      <Td className="text-right tabular-nums">{x.pid}</Td>
                      <Td className="font-mono text-xs">{x.name}</Td>
                      <Td>{x.state}</Td>
                      <Td className="text-right tabular-nums">{secs(x.seconds)}</Td>
                      <Td className="text-xs">{x.waitEvent ?? "—"}</Td>
                      <Td className="max-w-md truncate font-mono text-xs" title={x.query}>
                        {x.query}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
