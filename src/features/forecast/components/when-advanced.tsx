"use client";

import { useFieldArray, useFormContext } from "react-hook-form";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { ListField, TextField } from "@/components/form/fields";
import { EMPTY_RISK, type WhenValues } from "./when-spec";

/** Split rates, risks, team size, S-curve and lead times: folded unless one is set. */
export function WhenAdvanced({ defaultOpen }: { defaultOpen: boolean }) {
  const tf = useTranslations("ForecastForm");
  return (
    <details
      open={defaultOpen}
      className="group rounded-md border border-slate-200 bg-slate-50/60 p-3"
      data-testid="advanced"
    >
      <summary className="cursor-pointer select-none text-sm font-medium text-slate-800">{tf("advanced")}</summary>
      <div className="mt-4 space-y-5">
        <NumberList name="splitRates" placeholder="1, 1.25, 1.5" />
        <RiskRows />
        <NumberGroup name="team" fields={["teamHistorical", "teamCurrent"]} />
        <NumberGroup name="sCurve" fields={["sCurveMin", "sCurveMax", "sCurveSize"]} />
        <NumberList name="leadTimes" placeholder="3, 5, 8, 13" />
      </div>
    </details>
  );
}

/** A list of numbers, labelled and explained by its name's messages. */
function NumberList({ name, placeholder }: { name: "splitRates" | "leadTimes"; placeholder: string }) {
  const tf = useTranslations("ForecastForm");
  return <ListField name={name} label={tf(name)} hint={tf(`${name}Hint`)} placeholder={placeholder} rows={2} />;
}

/** Numbers that go together (team sizes, the S-curve) side by side under the group's legend and hint. */
function NumberGroup({ name, fields }: { name: "team" | "sCurve"; fields: (keyof WhenValues)[] }) {
  const tf = useTranslations("ForecastForm");
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">{tf(name)}</legend>
      <p className="text-xs text-slate-500">{tf(`${name}Hint`)}</p>
      <div className={fields.length === 3 ? "grid grid-cols-3 gap-3" : "grid grid-cols-2 gap-3"}>
        {fields.map((field) => (
          <TextField key={field} name={field} label={tf(field)} numeric />
        ))}
      </div>
    </fieldset>
  );
}

/** Risks: one row each (likelihood %, low / most likely / high extra items); add and remove rows. */
function RiskRows() {
  const tf = useTranslations("ForecastForm");
  const { control } = useFormContext<WhenValues>();
  const { fields, append, remove } = useFieldArray({ control, name: "risks" });
  return (
    <fieldset className="space-y-2" data-testid="risks">
      <legend className="text-sm font-medium text-slate-800">{tf("risks")}</legend>
      <p className="text-xs text-slate-500">{tf("risksHint")}</p>
      {fields.map((f, i) => (
        <div
          key={f.id}
          className="grid grid-cols-[repeat(4,minmax(0,1fr))_auto] items-start gap-2"
          data-testid={`risk-${i}`}
        >
          <TextField name={`risks.${i}.likelihood`} label={tf("riskLikelihood", { n: i + 1 })} numeric />
          <TextField name={`risks.${i}.low`} label={tf("riskLow")} numeric />
          <TextField name={`risks.${i}.mode`} label={tf("riskMode")} numeric />
          <TextField name={`risks.${i}.high`} label={tf("riskHigh")} numeric />
          <Button
            variant="ghost"
            size="sm"
            className="mt-6"
            onClick={() => remove(i)}
            aria-label={tf("removeRisk", { n: i + 1 })}
          >
            ✕
          </Button>
        </div>
      ))}
      <Button variant="secondary" size="sm" onClick={() => append({ ...EMPTY_RISK })} disabled={fields.length >= 50}>
        + {tf("addRisk")}
      </Button>
    </fieldset>
  );
}
