"use client";

import { useWatch } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { flatSpec, rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { useTRPC } from "@/trpc/react";
import { ZAddAssetInput, ZImportCsvInput } from "../market.schemas";
import { FormAlert } from "@/components/form/form-alert";

const PROVIDERS = ["", "yahoo", "brapi", "demo"] as const;

interface AddValues {
  ticker: string;
  provider: (typeof PROVIDERS)[number];
}
interface CsvValues {
  ticker: string;
  name: string;
  text: string;
}

/** The two forms' specs: the server's own schemas; input paths are the fields' names. */
const addSpec = flatSpec({
  schema: ZAddAssetInput,
  toCandidate: (v: AddValues) => ({ ticker: v.ticker, ...(v.provider ? { provider: v.provider } : {}) }),
  fields: ["ticker", "provider"],
});
const csvSpec = flatSpec({
  schema: ZImportCsvInput,
  toCandidate: (v: CsvValues) => ({
    ticker: v.ticker,
    text: v.text,
    ...(v.name.trim() ? { name: v.name.trim() } : {}),
  }),
  fields: ["ticker", "name", "text"],
});

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
  const addForm = useSchemaForm(addSpec, { ticker: "", provider: "" });
  const add = useMutation(
    trpc.market.add.mutationOptions({
      onSuccess: (r) => {
        addForm.setValue("ticker", "");
        onStarted(r.runId);
      },
      onError: (err) => void setServerErrors(addForm, addSpec, err),
    }),
  );
  const addDemo = useMutation(trpc.market.addDemo.mutationOptions({ onSuccess: (r) => onStarted(r.runId) }));

  const csvForm = useSchemaForm(csvSpec, { ticker: "", name: "", text: "" });
  const importCsv = useMutation(
    trpc.market.importCsv.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries({ queryKey: trpc.market.list.queryKey() });
        csvForm.setValue("text", "");
        onImported(r.ticker);
      },
      onError: (err) => void setServerErrors(csvForm, csvSpec, err),
    }),
  );
  const [ticker] = useWatch({ control: addForm.control, name: ["ticker"] });
  const [csvTicker, csvText] = useWatch({ control: csvForm.control, name: ["ticker", "text"] });
  const addErrors = addForm.formState.errors;
  const addError = rootError(addErrors);
  const csvErrors = csvForm.formState.errors;
  const csvError = rootError(csvErrors);
  // Every line the server names in the CSV text, listed under it (the field keeps only the first).
  const csvLines = (
    (importCsv.error as { data?: { fields?: { path: string; message: string }[] | null } } | null)?.data?.fields ?? []
  ).filter((f) => f.path === "text");

  const readFile = async (f: File | undefined) => {
    if (!f) return;
    csvForm.setValue("text", await f.text());
    if (!csvForm.getValues("ticker"))
      csvForm.setValue(
        "ticker",
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
        <form noValidate className="space-y-3" onSubmit={addForm.handleSubmit((input) => add.mutate(input))}>
          <Field label={t("ticker")} hint={t("tickerHint")} error={addErrors.ticker?.message}>
            <Input autoComplete="off" {...addForm.register("ticker")} />
          </Field>
          <Field label={t("provider")} error={addErrors.provider?.message}>
            <Select {...addForm.register("provider")}>
              {PROVIDERS.map((p) => (
                <option key={p} value={p}>
                  {p ? t(`source.${p}`) : t("providerDefault")}
                </option>
              ))}
            </Select>
          </Field>
          <FormAlert message={addError} />
          <Button type="submit" disabled={add.isPending || !ticker?.trim()}>
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
        noValidate
        className="space-y-3 border-t border-slate-100 pt-4"
        data-testid="csv-import"
        onSubmit={csvForm.handleSubmit((input) => importCsv.mutate(input))}
      >
        <h3 className="text-sm font-semibold text-slate-900">{t("csvTitle")}</h3>
        <p className="text-xs text-slate-600">{t("csvLead")}</p>
        <Field label={t("csvTicker")} error={csvErrors.ticker?.message}>
          <Input autoComplete="off" {...csvForm.register("ticker")} />
        </Field>
        <Field label={t("csvName")} error={csvErrors.name?.message}>
          <Input {...csvForm.register("name")} />
        </Field>
        <Field label={t("csvFile")}>
          <Input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void readFile(e.target.files?.[0])} />
        </Field>
        <Field
          label={t("csvText")}
          hint={t("csvTextHint")}
          error={csvErrors.text?.type === "server" ? undefined : csvErrors.text?.message}
        >
          <Textarea
            rows={6}
            spellCheck={false}
            aria-describedby={csvLines.length > 0 ? "csv-errors" : undefined}
            {...csvForm.register("text")}
          />
        </Field>
        {csvLines.length > 0 && (
          <ul
            id="csv-errors"
            role="alert"
            className="space-y-1 rounded-md bg-red-50 p-3 text-sm text-red-800"
            data-testid="csv-errors"
          >
            {csvLines.map((f, i) => (
              <li key={i}>{f.message.replace(/^text: /, "")}</li>
            ))}
          </ul>
        )}
        <FormAlert message={csvError} />
        {importCsv.isSuccess && (
          <p role="status" className="text-sm text-emerald-700">
            {t("csvImported", { ticker: importCsv.data.ticker, bars: importCsv.data.bars })}
          </p>
        )}
        <Button type="submit" disabled={importCsv.isPending || !csvText || !csvTicker?.trim()}>
          {t("csvImport")}
        </Button>
      </form>
    </Card>
  );
}
