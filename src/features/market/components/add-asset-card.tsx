"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { fieldErrors } from "@/trpc/field-errors";
import { useTRPC } from "@/trpc/react";

const PROVIDERS = ["", "yahoo", "brapi", "demo"] as const;

/** Add assets: a ticker from a provider, the whole demo set, or a CSV file (upload or paste). */
export function AddAssetCard({
  onStarted,
  onImported,
}: {
  onStarted: (runId: string) => void;
  onImported: (ticker: string) => void;
}) {
  const t = useTranslations("market");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const demo = useQuery(trpc.market.demoSet.queryOptions());
  const [ticker, setTicker] = useState("");
  const [provider, setProvider] = useState<(typeof PROVIDERS)[number]>("");
  const add = useMutation(
    trpc.market.add.mutationOptions({
      onSuccess: (r) => {
        setTicker("");
        onStarted(r.runId);
      },
    }),
  );
  const addDemo = useMutation(trpc.market.addDemo.mutationOptions({ onSuccess: (r) => onStarted(r.runId) }));

  const [csvTicker, setCsvTicker] = useState("");
  const [csvName, setCsvName] = useState("");
  const [csvText, setCsvText] = useState("");
  const importCsv = useMutation(
    trpc.market.importCsv.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries({ queryKey: trpc.market.list.queryKey() });
        setCsvText("");
        onImported(r.ticker);
      },
    }),
  );
  const addErrors = fieldErrors(add.error);
  const csvErrors = fieldErrors(importCsv.error);
  const csvLines = (
    (importCsv.error as { data?: { fields?: { path: string; message: string }[] | null } } | null)?.data?.fields ?? []
  ).filter((f) => f.path === "text");

  const readFile = async (f: File | undefined) => {
    if (!f) return;
    setCsvText(await f.text());
    if (!csvTicker)
      setCsvTicker(
        f.name
          .replace(/\.[^.]*$/, "")
          .toUpperCase()
          .slice(0, 20),
      );
  };

  return (
    <Card data-testid="add-asset" className="space-y-6">
      <div>
        <CardHeader title={t("addTitle")} />
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({ ticker, ...(provider ? { provider } : {}) });
          }}
        >
          <Field label={t("ticker")} hint={t("tickerHint")} error={addErrors.ticker}>
            <Input value={ticker} onChange={(e) => setTicker(e.target.value)} autoComplete="off" />
          </Field>
          <Field label={t("provider")} error={addErrors.provider}>
            <Select value={provider} onChange={(e) => setProvider(e.target.value as (typeof PROVIDERS)[number])}>
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {p ? t(`source.${p}`) : t("providerDefault")}
                </option>
              ))}
            </Select>
          </Field>
          {add.error && !Object.keys(addErrors).length && (
            <p role="alert" className="text-sm text-red-700">
              {add.error.message}
            </p>
          )}
          <Button type="submit" disabled={add.isPending || !ticker.trim()}>
            {t("addAsset")}
          </Button>
        </form>
      </div>

      <div className="space-y-2 border-t border-slate-100 pt-4">
        <h3 className="text-sm font-semibold text-slate-900">{t("demoTitle")}</h3>
        <p className="text-xs text-slate-600">{t("demoLead", { count: demo.data?.length ?? 0 })}</p>
        <Button
          variant="secondary"
          disabled={addDemo.isPending}
          onClick={() => addDemo.mutate()}
          data-testid="add-demo"
        >
          {t("addDemo")}
        </Button>
        {addDemo.error && (
          <p role="alert" className="text-sm text-red-700">
            {addDemo.error.message}
          </p>
        )}
      </div>

      <form
        className="space-y-3 border-t border-slate-100 pt-4"
        data-testid="csv-import"
        onSubmit={(e) => {
          e.preventDefault();
          importCsv.mutate({ ticker: csvTicker, text: csvText, ...(csvName.trim() ? { name: csvName.trim() } : {}) });
        }}
      >
        <h3 className="text-sm font-semibold text-slate-900">{t("csvTitle")}</h3>
        <p className="text-xs text-slate-600">{t("csvLead")}</p>
        <Field label={t("csvTicker")} error={csvErrors.ticker}>
          <Input value={csvTicker} onChange={(e) => setCsvTicker(e.target.value)} autoComplete="off" />
        </Field>
        <Field label={t("csvName")} error={csvErrors.name}>
          <Input value={csvName} onChange={(e) => setCsvName(e.target.value)} />
        </Field>
        <Field label={t("csvFile")}>
          <Input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void readFile(e.target.files?.[0])} />
        </Field>
        <Field label={t("csvText")} hint={t("csvTextHint")}>
          <Textarea value={csvText} onChange={(e) => setCsvText(e.target.value)} rows={6} spellCheck={false} />
        </Field>
        {csvLines.length > 0 && (
          <ul role="alert" className="space-y-1 rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="csv-errors">
            {csvLines.map((f, i) => (
              <li key={i}>{f.message.replace(/^text: /, "")}</li>
            ))}
          </ul>
        )}
        {importCsv.error && !csvLines.length && !csvErrors.ticker && !csvErrors.name && (
          <p role="alert" className="text-sm text-red-700">
            {importCsv.error.message}
          </p>
        )}
        {importCsv.isSuccess && (
          <p role="status" className="text-sm text-emerald-700">
            {t("csvImported", { ticker: importCsv.data.ticker, bars: importCsv.data.bars })}
          </p>
        )}
        <Button type="submit" disabled={importCsv.isPending || !csvText || !csvTicker.trim()}>
          {t("csvImport")}
        </Button>
      </form>
    </Card>
  );
}
