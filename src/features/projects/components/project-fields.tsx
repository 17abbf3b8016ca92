"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";

export interface ProjectDraft {
  name: string;
  description: string;
  periodDays: "7" | "1";
  skipWeekends: boolean;
  backlog: string;
}

export const EMPTY_DRAFT: ProjectDraft = {
  name: "",
  description: "",
  periodDays: "7",
  skipWeekends: false,
  backlog: "",
};

export function draftOf(p: {
  name: string;
  description: string | null;
  periodDays: number;
  skipWeekends: boolean;
  backlog: number | null;
}): ProjectDraft {
  return {
    name: p.name,
    description: p.description ?? "",
    periodDays: p.periodDays === 1 ? "1" : "7",
    skipWeekends: p.skipWeekends,
    backlog: p.backlog === null ? "" : String(p.backlog),
  };
}

/** The draft as the procedures take it (an empty backlog is "none"; a non-number is sent as is, for the server to name). */
export function inputOf(d: ProjectDraft) {
  const backlog = d.backlog.trim() === "" ? null : Number(d.backlog);
  return {
    name: d.name,
    description: d.description.trim() === "" ? null : d.description,
    periodDays: d.periodDays === "1" ? (1 as const) : (7 as const),
    skipWeekends: d.periodDays === "1" && d.skipWeekends,
    backlog: backlog !== null && Number.isNaN(backlog) ? (d.backlog as unknown as number) : backlog,
  };
}

/** Name, description, period, weekends and backlog: the create and edit forms share them. */
export function ProjectFields({
  draft,
  onChange,
  errors,
}: {
  draft: ProjectDraft;
  onChange: (d: ProjectDraft) => void;
  errors: Record<string, string>;
}) {
  const t = useTranslations("Projects");
  return (
    <>
      <Field label={t("name")} error={errors.name}>
        <Input
          value={draft.name}
          maxLength={120}
          required
          onChange={(e) => onChange({ ...draft, name: e.target.value })}
        />
      </Field>
      <Field label={t("backlog")} hint={t("backlogHint")} error={errors.backlog}>
        <Input
          type="number"
          min={0}
          max={1_000_000}
          step={1}
          value={draft.backlog}
          onChange={(e) => onChange({ ...draft, backlog: e.target.value })}
        />
      </Field>
      <Field label={t("period")} error={errors.periodDays}>
        <Select
          value={draft.periodDays}
          onChange={(e) =>
            onChange({
              ...draft,
              periodDays: e.target.value as "7" | "1",
              skipWeekends: e.target.value === "1" && draft.skipWeekends,
            })
          }
        >
          <option value="7">{t("weekly")}</option>
          <option value="1">{t("daily")}</option>
        </Select>
      </Field>
      <div className="flex items-end pb-2">
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            className="h-4 w-4 rounded border-slate-300"
            checked={draft.skipWeekends}
            disabled={draft.periodDays !== "1"}
            onChange={(e) => onChange({ ...draft, skipWeekends: e.target.checked })}
          />
          {t("skipWeekends")}
        </label>
        {errors.skipWeekends && (
          <p role="alert" className="ml-2 text-xs font-medium text-red-700">
            {errors.skipWeekends}
          </p>
        )}
      </div>
      <Field label={t("description")} error={errors.description} className="md:col-span-2">
        <Textarea
          rows={2}
          className="font-sans"
          maxLength={2000}
          value={draft.description}
          onChange={(e) => onChange({ ...draft, description: e.target.value })}
        />
      </Field>
    </>
  );
}
