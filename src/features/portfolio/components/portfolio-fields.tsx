"use client";

import { useFormContext } from "react-hook-form";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { useFieldError } from "@/components/form/fields";
import type { TabSpec } from "@/components/form/form-kit";
import { flatSpec } from "@/components/form/use-schema-form";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { checkRiskFreePercent, cleanTicker, fractionToPercentText, RISK_FREE_PCT, TICKER_RE } from "./holdings-spec";

export interface PortfolioDraft {
  name: string;
  description: string;
  /** Empty = no benchmark. */
  benchmark: string;
  /** Annual rate in % as typed ("10,75"). */
  riskFree: string;
}

export const DEFAULT_BENCHMARK = "^BVSP";
export const EMPTY_PORTFOLIO: PortfolioDraft = {
  name: "",
  description: "",
  benchmark: DEFAULT_BENCHMARK,
  riskFree: "",
};

export function draftOf(
  p: { name: string; description: string | null; benchmark: string | null; riskFree: number },
  decimal: "," | ".",
): PortfolioDraft {
  return {
    name: p.name,
    description: p.description ?? "",
    benchmark: p.benchmark ?? "",
    riskFree: p.riskFree ? fractionToPercentText(p.riskFree, decimal) : "",
  };
}

export type DraftErrors = Partial<Record<keyof PortfolioDraft, string>>;

/** The draft as the server's input, or the messages per field (translated by `t`). */
export function inputOf(
  d: PortfolioDraft,
  t: (key: string, values?: Record<string, string | number>) => string,
):
  | { ok: true; input: { name: string; description: string | null; benchmark: string | null; riskFree: number } }
  | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const name = d.name.trim();
  if (!name) errors.name = t("issue.nameRequired");
  else if (name.length > 100) errors.name = t("issue.nameTooLong", { max: 100 });
  const benchmark = d.benchmark.trim() ? cleanTicker(d.benchmark) : null;
  if (benchmark && !TICKER_RE.test(benchmark)) errors.benchmark = t("issue.tickerInvalid", { ticker: benchmark });
  const rf = checkRiskFreePercent(d.riskFree);
  if (!rf.ok)
    errors.riskFree =
      rf.code === "range"
        ? t("issue.riskFreeRange", { min: RISK_FREE_PCT[0], max: RISK_FREE_PCT[1] })
        : t("issue.riskFreeNumber");
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: { name, description: d.description.trim() || null, benchmark, riskFree: rf.ok ? rf.value : 0 },
  };
}

/** The draft as the schema's candidate: a rate that is not a number stays NaN for the schema to refuse. */
export function candidateOf(d: PortfolioDraft): Record<string, unknown> {
  const rf = checkRiskFreePercent(d.riskFree ?? "");
  return {
    name: (d.name ?? "").trim(),
    description: (d.description ?? "").trim() || null,
    benchmark: (d.benchmark ?? "").trim() ? cleanTicker(d.benchmark) : null,
    riskFree: rf.ok ? rf.value : Number.NaN,
  };
}

/**
 * The create and settings forms' spec: the translated checks of `inputOf` first, then the server's
 * schema (its paths are the fields' names).
 */
export function portfolioSpec<O>(
  schema: z.ZodType<O, unknown>,
  t: (key: string, values?: Record<string, string | number>) => string,
  extra: Record<string, unknown> = {},
): TabSpec<PortfolioDraft, O> {
  return flatSpec({
    schema,
    toCandidate: (d: PortfolioDraft) => ({ ...extra, ...candidateOf(d) }),
    fields: ["name", "benchmark", "riskFree", "description"],
    preCheck: (d: PortfolioDraft) => {
      const r = inputOf(d, t);
      return r.ok ? [] : Object.entries(r.errors).map(([field, message]) => ({ path: [field], message: message! }));
    },
  });
}

/**
 * Name, benchmark (default ^BVSP) and annual risk-free rate in % (a decimal comma is fine), each with its
 * message (inside the form's FormProvider).
 */
export function PortfolioFields({ benchmarkListId }: { benchmarkListId?: string }) {
  const t = useTranslations("portfolio");
  const { register } = useFormContext<PortfolioDraft>();
  const err = {
    name: useFieldError("name"),
    benchmark: useFieldError("benchmark"),
    riskFree: useFieldError("riskFree"),
    description: useFieldError("description"),
  };
  return (
    <>
      <Field label={t("name")} error={err.name}>
        <Input maxLength={100} data-testid="portfolio-name" {...register("name")} />
      </Field>
      <Field label={t("benchmark")} hint={t("benchmarkHint")} error={err.benchmark}>
        <Input list={benchmarkListId} autoComplete="off" data-testid="portfolio-benchmark" {...register("benchmark")} />
      </Field>
      <Field label={t("riskFree")} hint={t("riskFreeHint")} error={err.riskFree}>
        <Input
          inputMode="decimal"
          placeholder={t("riskFreePlaceholder")}
          data-testid="portfolio-risk-free"
          {...register("riskFree")}
        />
      </Field>
      <Field label={t("description")} error={err.description}>
        <Input maxLength={1000} data-testid="portfolio-description" {...register("description")} />
      </Field>
    </>
  );
}
