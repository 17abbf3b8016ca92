"use client";

import { useMemo, useState } from "react";
import { FormProvider } from "react-hook-form";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { DeleteButton } from "@/components/ui/confirm-button";
import { Card } from "@/components/ui/card";
import { rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { useTRPC } from "@/trpc/react";
import type { PortfolioDto } from "../analysis.types";
import { ZUpdatePortfolio } from "../portfolio.schemas";
import { draftOf, PortfolioFields, portfolioSpec } from "./portfolio-fields";
import { usePortfolioFormat } from "./use-portfolio-format";
import { FormAlert } from "@/components/form/form-alert";

/** The portfolio's title line (benchmark, risk-free rate), its settings form, and Delete. */
export function PortfolioSettings({
  portfolio: p,
  benchmarkListId,
}: {
  portfolio: PortfolioDto;
  benchmarkListId: string;
}) {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const spec = useMemo(() => portfolioSpec(ZUpdatePortfolio, t, { id: p.id }), [t, p.id]);
  const form = useSchemaForm(spec, draftOf(p, fmt.decimal));
  const update = useMutation(
    trpc.portfolio.update.mutationOptions({
      onSuccess: (next) => {
        qc.setQueryData(trpc.portfolio.get.queryKey({ id: next.id }), next);
        void qc.invalidateQueries({ queryKey: trpc.portfolio.list.queryKey() });
        setEditing(false);
      },
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const remove = useMutation(
    trpc.portfolio.remove.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: trpc.portfolio.list.queryKey() });
        router.push("/portfolios");
      },
    }),
  );
  const formError = rootError(form.formState.errors);

  return (
    <Card data-testid="portfolio-header">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-bold tracking-tight" data-testid="portfolio-title">
            {p.name}
          </h1>
          {p.description && <p className="text-slate-600">{p.description}</p>}
          <p className="text-sm text-slate-600">
            {t("headerLine", {
              benchmark: p.benchmark ?? t("noBenchmark"),
              riskFree: fmt.pct(p.riskFree, 2),
              updated: fmt.instant(p.updatedAt),
            })}
          </p>
        </div>
        <div className="flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            aria-expanded={editing}
            onClick={() => {
              form.reset(draftOf(p, fmt.decimal));
              setEditing((e) => !e);
            }}
          >
            {t("editSettings")}
          </Button>
          <DeleteButton t={t} remove={remove} id={p.id} name={p.name} />
        </div>
      </div>
      {editing && (
        <FormProvider {...form}>
          <form
            noValidate
            aria-label={t("editSettings")}
            className="mt-4 grid gap-4 border-t border-slate-100 pt-4 md:grid-cols-2"
            onSubmit={form.handleSubmit((input) => update.mutate(input))}
          >
            <PortfolioFields benchmarkListId={benchmarkListId} />
            <div className="flex gap-2 md:col-span-2">
              <Button type="submit" disabled={update.isPending}>
                {t("saveSettings")}
              </Button>
              <Button variant="secondary" onClick={() => setEditing(false)}>
                {t("cancel")}
              </Button>
            </div>
            <FormAlert message={formError} className="md:col-span-2" />
          </form>
        </FormProvider>
      )}
      {remove.error && (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {remove.error.message}
        </p>
      )}
    </Card>
  );
}
