"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { useTRPC } from "@/trpc/react";
import { parsePastedCounts, PasteError, PROJECT_LIMITS, type ImportWarning } from "@/domain/projects";
import type { ProjectDto } from "../projects.service";
import { todayLocal } from "@/components/form/form-kit";

type Row = { periodStart: string; count: number };

/** Filling the history: a CSV file (completion dates or counts per period) or a pasted list of counts. */
export function HistoryImport({ id, project, history }: { id: string; project: ProjectDto; history: Row[] }) {
  // The paste box starts from the current history; it starts over when the history changes.
  const signature = `${history.length}:${history[0]?.periodStart ?? ""}:${history.reduce((s, r) => s + r.count, 0)}`;
  return (
    <Card className="space-y-6">
      <CsvImport id={id} />
      <PasteHistory key={signature} id={id} project={project} history={history} />
    </Card>
  );
}

function useInvalidate(id: string) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: trpc.projects.get.queryKey({ id }) });
}

function CsvImport({ id }: { id: string }) {
  const t = useTranslations("ProjectsDetail");
  const trpc = useTRPC();
  const invalidate = useInvalidate(id);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<"auto" | "dates" | "counts">("auto");
  const [mode, setMode] = useState<"replace" | "merge">("replace");
  const [fileError, setFileError] = useState<string | null>(null);
  const importCsv = useMutation(trpc.projects.importHistory.mutationOptions({ onSuccess: invalidate }));

  const onImport = async (e: React.FormEvent) => {
    e.preventDefault();
    setFileError(null);
    importCsv.reset();
    if (!file) return setFileError(t("chooseFile"));
    if (file.size > PROJECT_LIMITS.maxCsvBytes) return setFileError(t("fileTooBig"));
    importCsv.mutate({ id, csv: await file.text(), format, mode });
  };

  const result = importCsv.data;
  return (
    <section className="space-y-3">
      <CardHeader title={t("importTitle")} className="mb-0" />
      <p className="text-sm text-slate-600">{t("importLead")}</p>
      <form noValidate onSubmit={onImport} aria-label={t("importTitle")} className="space-y-3">
        <Field label={t("csvFile")} error={fileError ?? undefined}>
          <Input
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            className="h-auto py-1.5"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("format")}>
            <Select value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
              <option value="auto">{t("formatAuto")}</option>
              <option value="dates">{t("formatDates")}</option>
              <option value="counts">{t("formatCounts")}</option>
            </Select>
          </Field>
          <Field label={t("mode")}>
            <Select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
              <option value="replace">{t("modeReplace")}</option>
              <option value="merge">{t("modeMerge")}</option>
            </Select>
          </Field>
        </div>
        <Button type="submit" disabled={importCsv.isPending}>
          {t("import")}
        </Button>
      </form>
      {importCsv.error && (
        <p role="alert" className="text-sm text-red-700">
          {t("importFailed", { message: importCsv.error.message.replace(/^csv: /, "") })}
        </p>
      )}
      {result && (
        <div role="status" className="space-y-1 text-sm text-emerald-800" data-testid="import-result">
          <p>
            {t("imported", {
              format: result.format,
              lines: result.imported,
              periods: result.importedPeriods,
              total: result.periods,
            })}
          </p>
          {result.warnings.length > 0 && (
            <ul className="list-disc pl-5 text-amber-800">
              {result.warnings.map((w: ImportWarning) => (
                <li key={w.code}>{t(`warning.${w.code}`, { count: w.count, line: w.line ?? 0 })}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function PasteHistory({ id, project, history }: { id: string; project: ProjectDto; history: Row[] }) {
  const t = useTranslations("ProjectsDetail");
  const trpc = useTRPC();
  const invalidate = useInvalidate(id);
  const [paste, setPaste] = useState(() => history.map((r) => r.count).join(" "));
  const [first, setFirst] = useState(() => history[0]?.periodStart ?? todayLocal());
  const [pasteError, setPasteError] = useState<string | null>(null);
  const setHistory = useMutation(trpc.projects.setHistory.mutationOptions({ onSuccess: invalidate }));

  const onPaste = (e: React.FormEvent) => {
    e.preventDefault();
    setPasteError(null);
    try {
      const rows = parsePastedCounts(paste, first, {
        periodDays: project.periodDays,
        skipWeekends: project.skipWeekends,
      });
      setHistory.mutate({ id, rows });
    } catch (err) {
      if (err instanceof PasteError)
        setPasteError(
          t(`paste.${err.code}`, { position: err.position, value: err.value, max: PROJECT_LIMITS.maxHistoryRows }),
        );
      else throw err;
    }
  };

  return (
    <section className="space-y-3 border-t border-slate-200 pt-4">
      <h3 className="text-sm font-semibold text-slate-900">{t("pasteTitle")}</h3>
      <form noValidate onSubmit={onPaste} aria-label={t("pasteTitle")} className="space-y-3">
        <Field label={t("pasteCounts")} hint={t("pasteHint")} error={pasteError ?? undefined}>
          <Textarea rows={3} value={paste} onChange={(e) => setPaste(e.target.value)} />
        </Field>
        <Field label={t("firstPeriod")}>
          <Input
            type="date"
            value={first}
            min="1900-01-01"
            max="2200-12-31"
            onChange={(e) => setFirst(e.target.value)}
          />
        </Field>
        <Button type="submit" variant="secondary" disabled={setHistory.isPending}>
          {t("saveHistory")}
        </Button>
      </form>
      {setHistory.error && (
        <p role="alert" className="text-sm text-red-700">
          {setHistory.error.message}
        </p>
      )}
    </section>
  );
}
