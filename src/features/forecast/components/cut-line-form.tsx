"use client";

import { useFieldArray, useFormContext } from "react-hook-form";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/trpc/react";
import { CUT_LINE_TAB, EMPTY_FEATURE, type CutLineValues } from "./cut-line-spec";
import { TextField } from "@/components/form/fields";
import { CalendarFields, FocusField, MaxPeriodsField, RunFields, SamplesField } from "./forecast-fields";
import { TabForm } from "./tab-form";
import type { TabFormProps } from "./use-tab-form";

/** Cut line: features in priority order (name and size or min–max), the start and the deadline. */
export function CutLineForm(props: TabFormProps<CutLineValues>) {
  const start = useMutation(useTRPC().forecast.startCutLine.mutationOptions());
  return (
    <TabForm tab={CUT_LINE_TAB} start={start.mutateAsync} props={props}>
      <SamplesField />
      <FeatureRows />
      <CalendarFields deadline="optional" />
      <RunFields />
      <div className="grid gap-3 sm:grid-cols-2">
        <FocusField />
        <MaxPeriodsField />
      </div>
    </TabForm>
  );
}

function FeatureRows() {
  const tf = useTranslations("ForecastForm");
  const { control } = useFormContext<CutLineValues>();
  const { fields, append, remove, move } = useFieldArray({ control, name: "features" });
  return (
    <fieldset className="space-y-2" data-testid="features">
      <legend className="text-sm font-medium text-slate-800">{tf("features")}</legend>
      <p className="text-xs text-slate-500">{tf("featuresHint")}</p>
      <ol className="space-y-2">
        {fields.map((f, i) => (
          <li
            key={f.id}
            className="grid grid-cols-[1.5rem_minmax(0,2fr)_minmax(0,1fr)_auto] items-start gap-2"
            data-testid={`feature-row-${i}`}
          >
            <span className="mt-8 text-right text-sm tabular-nums text-slate-500">{i + 1}.</span>
            <TextField name={`features.${i}.name`} label={tf("featureName", { n: i + 1 })} />
            <TextField name={`features.${i}.size`} label={tf("featureSize", { n: i + 1 })} placeholder="20 / 15–25" />
            <div className="mt-6 flex gap-1">
              <Button
                variant="ghost"
                size="sm"
                onClick={() => move(i, i - 1)}
                disabled={i === 0}
                aria-label={tf("moveUp", { n: i + 1 })}
              >
                ↑
              </Button>
              <Button
                variant="ghost"
                size="sm"
                onClick={() => move(i, i + 1)}
                disabled={i === fields.length - 1}
                aria-label={tf("moveDown", { n: i + 1 })}
              >
                ↓
              </Button>
              <Button
                variant="ghost"
                size="sm"
                onClick={() => remove(i)}
                disabled={fields.length === 1}
                aria-label={tf("removeFeature", { n: i + 1 })}
              >
                ✕
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <Button
        variant="secondary"
        size="sm"
        onClick={() => append({ ...EMPTY_FEATURE })}
        disabled={fields.length >= 100}
      >
        + {tf("addFeature")}
      </Button>
    </fieldset>
  );
}
