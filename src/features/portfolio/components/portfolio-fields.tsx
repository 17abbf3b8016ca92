"use client";

import { useTranslations } from "next-intl";
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

/** Name, benchmark (default ^BVSP) and annual risk-free rate in % (a decimal comma is fine), each with its message. */
export function PortfolioFields({
  draft,
  onChange,
  errors,
  benchmarkListId,
}: {
  draft: PortfolioDraft;
  onChange: (d: PortfolioDraft) => void;
  errors: DraftErrors;
  benchmarkListId?: string;
}) {
  const t = useTranslations("portfolio");
  return (
    <>
      <Field label={t("name")} error={errors.name}>
        <Input
          value={draft.name}
          maxLength={100}
          data-testid="portfolio-name"
          onChange={(e) => onChange({ ...draft, name: e.target.value })}
        />
      </Field>
      <Field label={t("benchmark")} hint={t("benchmarkHint")} error={errors.benchmark}>
        <Input
          value={draft.benchmark}
          list={benchmarkListId}
          autoComplete="off"
          data-testid="portfolio-benchmark"
          onChange={(e) => onChange({ ...draft, benchmark: e.target.value })}
        />
      </Field>
      <Field label={t("riskFree")} hint={t("riskFreeHint")} error={errors.riskFree}>
        <Input
          inputMode="decimal"
          value={draft.riskFree}
          placeholder={t("riskFreePlaceholder")}
          data-testid="portfolio-risk-free"
          onChange={(e) => onChange({ ...draft, riskFree: e.target.value })}
        />
      </Field>
      <Field label={t("description")} error={errors.description}>
        <Input
          value={draft.description}
          maxLength={1000}
          data-testid="portfolio-description"
          onChange={(e) => onChange({ ...draft, description: e.target.value })}
        />
      </Field>
    </>
  );
}
