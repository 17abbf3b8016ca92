"use client";

import { useMemo } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { flatSpec, rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { FormAlert } from "@/components/form/form-alert";
import { useTRPC } from "@/trpc/react";
import { parsePastedCounts, PasteError, PROJECT_LIMITS, type ImportWarning } from "@/domain/projects";
import { ZImportHistory, ZSetHistory } from "../projects.schemas";
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

interface CsvValues {
  file?: FileList;
  format: "auto" | "dates" | "counts";
  mode: "replace" | "merge";
}

function CsvImport({ id }: { id: string }) {
  const t = useTranslations("ProjectsDetail");
  const trpc = useTRPC();
  const invalidate = useInvalidate(id);
  // The file's text is read on submit; the schema checks the rest (its size is checked here first).
  const spec = useMemo(
    () =>
      flatSpec({
        schema: ZImportHistory,
        toCandidate: (v: CsvValues) => ({ id, csv: "", format: v.format, mode: v.mode }),
        fields: ["file", "format", "mode"],
        rename: { csv: "file" },
        preCheck: (v: CsvValues) => {
          const file = v.file?.[0];
          if (!file) return [{ path: ["file"], message: t("chooseFile") }];
          if (file.size > PROJECT_LIMITS.maxCsvBytes) return [{ path: ["file"], message: t("fileTooBig") }];
          return [];
        },
      }),
    [id, t],
  );
  const form = useSchemaForm(spec, { format: "auto", mode: "replace" });
  const importCsv = useMutation(
    trpc.projects.importHistory.mutationOptions({
      onSuccess: invalidate,
      onError: (err) =>
        void setServerErrors(form, spec, err, (message) =>
          t("importFailed", { message: message.replace(/^csv: /, "") }),
        ),
    }),
  );
  const errors = form.formState.errors;
  const fileError = errors.file?.message;
  const formError = rootError(errors);

  const onImport = form.handleSubmit(async (input) => {
    importCsv.reset();
    const file = form.getValues("file")?.[0];
    if (file) importCsv.mutate({ ...input, csv: await file.text() });
  });

  const result = importCsv.data;
  return (
    <section className="space-y-3">
      <CardHeader title={t("importTitle")} className="mb-0" />
      <p className="text-sm text-slate-600">{t("importLead")}</p>
      <form noValidate onSubmit={onImport} aria-label={t("importTitle")} className="space-y-3">
        <Field
          label={t("csvFile")}
          error={
            fileError &&
            (errors.file?.type === "server"
              ? t("importFailed", { message: fileError.replace(/^csv: /, "") })
              : fileError)
          }
        >
          <Input
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            className="h-auto py-1.5"
            {...form.register("file")}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("format")} error={errors.format?.message}>
            <Select {...form.register("format")}>
              <option value="auto">{t("formatAuto")}</option>
              <option value="dates">{t("formatDates")}</option>
              <option value="counts">{t("formatCounts")}</option>
            </Select>
          </Field>
          <Field label={t("mode")} error={errors.mode?.message}>
            <Select {...form.register("mode")}>
              <option value="replace">{t("modeReplace")}</option>
              <option value="merge">{t("modeMerge")}</option>
            </Select>
          </Field>
        </div>
        <Button type="submit" disabled={importCsv.isPending}>
          {t("import")}
        </Button>
      </form>
      <FormAlert message={formError} />
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

interface PasteValues {
  paste: string;
  first: string;
}

function PasteHistory({ id, project, history }: { id: string; project: ProjectDto; history: Row[] }) {
  const t = useTranslations("ProjectsDetail");
  const trpc = useTRPC();
  const invalidate = useInvalidate(id);
  // The pasted counts become the rows the server's schema checks; a list it cannot read is named here.
  const spec = useMemo(() => {
    const parse = (v: PasteValues) =>
      parsePastedCounts(v.paste, v.first, { periodDays: project.periodDays, skipWeekends: project.skipWeekends });
    return flatSpec({
      schema: ZSetHistory,
      toCandidate: (v: PasteValues) => {
        try {
          return { id, rows: parse(v) };
        } catch {
          return { id, rows: [] };
        }
      },
      fields: ["paste", "first"],
      rename: { rows: "paste" },
      preCheck: (v: PasteValues) => {
        try {
          parse(v);
          return [];
        } catch (err) {
          if (!(err instanceof PasteError)) throw err;
          const message = t(`paste.${err.code}`, {
            position: err.position,
            value: err.value,
            max: PROJECT_LIMITS.maxHistoryRows,
          });
          return [{ path: ["paste"], message }];
        }
      },
    });
  }, [id, project.periodDays, project.skipWeekends, t]);
  const form = useSchemaForm(spec, {
    paste: history.map((r) => r.count).join(" "),
    first: history[0]?.periodStart ?? todayLocal(),
  });
  const setHistory = useMutation(
    trpc.projects.setHistory.mutationOptions({
      onSuccess: invalidate,
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const errors = form.formState.errors;
  const formError = rootError(errors);
  const onPaste = form.handleSubmit((input) => setHistory.mutate(input));

  return (
    <section className="space-y-3 border-t border-slate-200 pt-4">
      <h3 className="text-sm font-semibold text-slate-900">{t("pasteTitle")}</h3>
      <form noValidate onSubmit={onPaste} aria-label={t("pasteTitle")} className="space-y-3">
        <Field label={t("pasteCounts")} hint={t("pasteHint")} error={errors.paste?.message}>
          <Textarea rows={3} {...form.register("paste")} />
        </Field>
        <Field label={t("firstPeriod")} error={errors.first?.message}>
          <Input type="date" min="1900-01-01" max="2200-12-31" {...form.register("first")} />
        </Field>
        <Button type="submit" variant="secondary" disabled={setHistory.isPending}>
          {t("saveHistory")}
        </Button>
      </form>
      <FormAlert message={formError} />
    </section>
  );
}
