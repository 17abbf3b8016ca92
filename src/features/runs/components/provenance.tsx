"use client";

import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { Card, CardHeader } from "@/components/ui/card";
import type { RunDto } from "../runs.service";

type Provenance = RunDto["provenance"];

/** A value with a button that copies it whole (the input hash: shown short). */
function Copyable({ value, shown, label }: { value: string; shown: string; label: string }) {
  const t = useTranslations("Provenance");
  const [copied, setCopied] = useState(false);
  return (
    <span className="flex items-center gap-2">
      <code className="break-all font-mono text-xs" title={value}>
        {shown}
      </code>
      <button
        type="button"
        className="rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-50"
        aria-label={label}
        onClick={() => void navigator.clipboard?.writeText(value).then(() => setCopied(true))}
      >
        {copied ? t("copied") : t("copy")}
      </button>
    </span>
  );
}

/**
 * What made the run's result: code version, the task's engine version, seed and input hash. A run
 * from cache shows the provenance of the run whose result it took, and says so.
 */
export function ProvenanceCard({ provenance, cachedFromId }: { provenance: Provenance; cachedFromId: string | null }) {
  const t = useTranslations("Provenance");
  const p = provenance;
  return (
    <Card data-testid="run-provenance">
      <CardHeader title={t("title")} />
      <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-500">{t("codeVersion")}</dt>
          <dd className="font-mono text-xs" data-testid="provenance-code-version">
            {p.codeVersion ?? t("unknown")}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("engineVersion")}</dt>
          <dd data-testid="provenance-engine-version">{p.engineVersion ?? t("none")}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("seed")}</dt>
          <dd className="font-mono text-xs" data-testid="provenance-seed">
            {p.seed ?? t("none")}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("inputHash")}</dt>
          <dd data-testid="provenance-input-hash">
            <Copyable value={p.inputHash} shown={p.inputHash.slice(0, 12)} label={t("copyInputHash")} />
          </dd>
        </div>
      </dl>
      {cachedFromId && (
        <p className="mt-3 text-xs text-slate-600">
          {t.rich("fromCache", {
            link: (chunks) => (
              <Link href={`/runs/${cachedFromId}`} className="text-indigo-700 hover:underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      )}
    </Card>
  );
}
