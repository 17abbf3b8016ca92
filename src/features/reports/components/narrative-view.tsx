"use client";

import { useTranslations } from "next-intl";
import type { Narrative } from "../ai/narrative";

/** An AI narrative: the label, each provider's answer side by side, and the consensus. */
export function NarrativeView({ narrative }: { narrative: Narrative }) {
  const t = useTranslations("Reports");
  const c = narrative.consensus;
  return (
    <div className="space-y-3" data-testid="report-narrative">
      <p className="text-sm italic text-slate-600">{narrative.label}</p>
      {narrative.answers.length > 0 && (
        <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
          {narrative.answers.map((a) => (
            <section
              key={a.provider}
              className={`rounded-lg border p-3 text-sm ${a.ok ? "border-slate-200" : "border-red-200 text-red-800"}`}
              data-testid={`narrative-answer-${a.provider}`}
            >
              <h3 className="font-semibold text-slate-900">
                {a.provider} <span className="font-normal text-slate-500">{a.model}</span>
              </h3>
              <p className="mt-1 whitespace-pre-wrap">
                {a.ok ? a.text : t("providerFailed", { error: a.error ?? "" })}
              </p>
              {a.cached && <p className="mt-1 text-xs text-slate-500">{t("fromCache")}</p>}
            </section>
          ))}
        </div>
      )}
      <div className="rounded-lg bg-indigo-50 p-3 text-sm" data-testid="narrative-consensus">
        {c && (
          <h3 className="font-semibold text-slate-900">
            {t("consensus")}{" "}
            <span className="font-normal text-slate-600">
              {c.method === "provider"
                ? t("consensusProvider", { provider: c.provider ?? "" })
                : c.method === "single"
                  ? t("consensusSingle")
                  : t("consensusShared")}
            </span>
          </h3>
        )}
        <p className="mt-1 whitespace-pre-wrap">{narrative.text}</p>
      </div>
    </div>
  );
}
