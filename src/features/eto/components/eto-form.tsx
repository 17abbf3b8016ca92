"use client";

import { useEffect, useMemo, useRef } from "react";
import { useForm, useFormContext, useWatch, type DefaultValues } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRunOptions } from "@/components/ui/run-options-fields";
import { SelectField, TextField, useFieldError } from "@/components/form/fields";
import { resolverSchema, todayLocal } from "@/components/form/form-kit";
import { RunFormCard, submitRunForm } from "@/components/form/run-form";
import { changesFrom } from "@/components/form/rerun-diff";
import { RerunChanges } from "@/features/runs/ui";
import { useTRPC } from "@/trpc/react";
import {
  computeDefaults,
  computeSpec,
  defaultSourcesFor,
  lastMonth,
  SOURCE_NAMES,
  type ComputeValues,
  type CoverageRow,
} from "./eto-form-spec";
import { useEtoFormat } from "./use-eto-format";

export interface LocationOption {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
}

/** One checkbox per source with the days it serves today; preselected with the server's default for the range. */
function SourcesField({ coverage, onTouched }: { coverage: CoverageRow[]; onTouched: () => void }) {
  const t = useTranslations("Eto");
  const fmt = useEtoFormat();
  const error = useFieldError("sources");
  const [start, end] = useWatch({ name: ["start", "end"] }) as [string, string];
  return (
    <fieldset className="space-y-2" aria-describedby="eto-sources-hint">
      <legend className="text-sm font-medium text-slate-800">{t("sources")}</legend>
      <p id="eto-sources-hint" className="text-xs text-slate-500">
        {t("sourcesHint")}
      </p>
      {coverage.map((c) => (
        <SourceBox
          key={c.id}
          row={c}
          onTouched={onTouched}
          outside={!!start && !!end && (end < c.from || start > c.to)}
        >
          <span className="text-xs text-slate-500">{t("coverage", { from: fmt.day(c.from), to: fmt.day(c.to) })}</span>
        </SourceBox>
      ))}
      {error && (
        <p role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A source's checkbox, its coverage today, and a note when it serves none of the range. */
function SourceBox({
  row,
  outside,
  onTouched,
  children,
}: {
  row: CoverageRow;
  outside: boolean;
  onTouched: () => void;
  children: React.ReactNode;
}) {
  const t = useTranslations("Eto");
  const { register } = useFormContext<ComputeValues>();
  return (
    <label className="flex items-baseline gap-2 text-sm text-slate-700">
      <input
        type="checkbox"
        value={row.id}
        className="size-4 translate-y-0.5 rounded border-slate-300 accent-indigo-600"
        {...register("sources", { onChange: onTouched })}
      />
      <span>
        <span className="font-medium">{SOURCE_NAMES[row.id]}</span> {children}
        {outside && <span className="text-xs text-amber-700"> · {t("notCovering")}</span>}
      </span>
    </label>
  );
}

/** What the form changes from the run it was opened from (watching the values here: the form does not re-render). */
function ChangesFromOrigin({ origin }: { origin: { runId: string; values: Partial<ComputeValues> } }) {
  const now = useWatch() as ComputeValues;
  const before = useMemo(() => ({ ...computeDefaults(), ...origin.values }), [origin.values]);
  return <RerunChanges originRunId={origin.runId} changes={changesFrom(computeSpec, before, now)} />;
}

/**
 * The compute form: a saved location, the date range (default: last month), the sources (the
 * server's default for the range until the user picks), method, the longest gap filled, and the
 * run options (priority, a delayed start) folded away.
 * Checked with the server's ZEtoStartInput; its field errors land beside their fields.
 */
export function EtoForm({
  locations,
  preferLocationId,
  initial,
  onStarted,
  origin,
}: {
  locations: LocationOption[];
  preferLocationId?: string | null;
  initial?: Partial<ComputeValues>;
  onStarted: (runId: string) => void;
  /** "Edit and rerun": the run the form was prefilled from (its values); a run started here links to it. */
  origin?: { runId: string; values: Partial<ComputeValues> };
}) {
  const t = useTranslations("Eto");
  const trpc = useTRPC();
  const coverageQuery = useQuery(trpc.eto.sources.queryOptions(undefined));
  const coverage = useMemo(() => (coverageQuery.data?.sources ?? []) as CoverageRow[], [coverageQuery.data]);
  const start = useMutation(trpc.eto.start.mutationOptions());
  const schema = useMemo(() => resolverSchema(computeSpec), []);
  const form = useForm<ComputeValues, unknown, unknown>({
    resolver: zodResolver(schema),
    defaultValues: { ...computeDefaults(), ...initial } as DefaultValues<ComputeValues>,
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const { getValues, setValue, trigger, formState, control } = form;
  const runOptions = useRunOptions();
  // A restored run keeps its sources; otherwise they follow the range until the user picks.
  const touched = useRef(!!initial?.sources?.length);

  // The range defaults to last month (after mount, so the server render and the browser agree).
  useEffect(() => {
    if (getValues("start") || getValues("end")) return;
    const r = lastMonth(todayLocal());
    setValue("start", r.start);
    setValue("end", r.end);
  }, [getValues, setValue]);

  useEffect(() => {
    const want = preferLocationId && locations.some((l) => l.id === preferLocationId) ? preferLocationId : null;
    if (want) setValue("locationId", want);
    else if (!locations.some((l) => l.id === getValues("locationId"))) setValue("locationId", locations[0]?.id ?? "");
  }, [locations, preferLocationId, getValues, setValue]);

  const [from, to, locationId] = useWatch({ control, name: ["start", "end", "locationId"] });
  // Start and end are checked together: a change to either re-checks both (once submitted).
  useEffect(() => {
    if (formState.isSubmitted) void trigger(["start", "end"]);
  }, [from, to, formState.isSubmitted, trigger]);
  useEffect(() => {
    if (touched.current || !coverage.length || !from || !to || from > to) return;
    const l = locations.find((x) => x.id === locationId) ?? null;
    setValue("sources", defaultSourcesFor(from, to, l, coverage));
  }, [from, to, locationId, locations, coverage, setValue]);

  const submit = () =>
    submitRunForm({
      form,
      spec: computeSpec,
      runOptions,
      start: (input) =>
        start.mutateAsync({
          ...(input as Parameters<typeof start.mutateAsync>[0]),
          ...(origin ? { originRunId: origin.runId } : {}),
        }),
      onStarted,
      whole: (message) => t("formError", { message }),
    });

  const locationOptions = [
    { value: "", label: locations.length ? t("chooseLocation") : t("noLocations") },
    ...locations.map((l) => ({ value: l.id, label: l.name })),
  ];
  return (
    <RunFormCard
      title={t("computeTitle")}
      form={form}
      submit={submit}
      runOptions={runOptions}
      messages="Eto"
      testId="eto-form"
    >
      <SelectField name="locationId" label={t("location")} options={locationOptions} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField name="start" type="date" label={t("start")} hint={t("rangeHint")} />
        <TextField name="end" type="date" label={t("end")} />
      </div>
      <SourcesField coverage={coverage} onTouched={() => (touched.current = true)} />
      <SelectField
        name="method"
        label={t("method")}
        options={[
          { value: "fao56", label: t("fao56") },
          { value: "asce", label: t("asce") },
        ]}
      />
      <details className="rounded-md border border-slate-200 bg-slate-50/60 p-3" open={!!initial?.gapMaxDays}>
        <summary className="cursor-pointer select-none text-sm font-medium text-slate-800">{t("advanced")}</summary>
        <div className="mt-3">
          <TextField name="gapMaxDays" label={t("gapMaxDays")} hint={t("gapMaxDaysHint")} numeric placeholder="3" />
        </div>
      </details>
      {origin && <ChangesFromOrigin origin={origin} />}
    </RunFormCard>
  );
}
