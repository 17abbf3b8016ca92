"use client";

import Link from "next/link";
import { useId, useMemo } from "react";
import { FormProvider } from "react-hook-form";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, TableHead, Td } from "@/components/ui/table";
import { rootError, setServerErrors, useSchemaForm } from "@/components/form/use-schema-form";
import { useTRPC } from "@/trpc/react";
import { ZCreatePortfolio } from "../portfolio.schemas";
import { EMPTY_PORTFOLIO, PortfolioFields, portfolioSpec } from "./portfolio-fields";
import { useKnownAssets } from "./ticker-options";
import { usePortfolioFormat } from "./use-portfolio-format";
import { TickerDatalist } from "./ticker-datalist";

/** Your portfolios, and a form to create one (it opens once made, to add its holdings). */
export function PortfoliosView() {
  const t = useTranslations("portfolio");
  const fmt = usePortfolioFormat();
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(trpc.portfolio.list.queryOptions());
  const { assets } = useKnownAssets();
  const listId = useId();
  const spec = useMemo(() => portfolioSpec(ZCreatePortfolio, t), [t]);
  const form = useSchemaForm(spec, EMPTY_PORTFOLIO);
  const create = useMutation(
    trpc.portfolio.create.mutationOptions({
      onSuccess: (p) => router.push(`/portfolios/${p.id}`),
      onError: (err) => void setServerErrors(form, spec, err),
    }),
  );
  const formError = rootError(form.formState.errors);
  const rows = list.data ?? [];

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title={t("yours")} />
        {list.isSuccess && rows.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="portfolios-empty">
            {t("empty")}
          </p>
        ) : (
          <Table data-testid="portfolios-table" aria-busy={list.isLoading || undefined}>
            <TableHead
              columns={[
                t("name"),
                t("holdings"),
                t("benchmark"),
                { label: t("riskFreeShort"), numeric: true },
                t("updated"),
              ]}
            />
            <tbody>
              {rows.map((p) => (
                <tr key={p.id} data-testid="portfolio-row">
                  <Td>
                    <Link href={`/portfolios/${p.id}`} className="font-medium text-indigo-700 hover:underline">
                      {p.name}
                    </Link>
                  </Td>
                  <Td className="text-sm text-slate-700">
                    {p.holdings.length
                      ? p.holdings.map((h) => `${h.ticker} ${fmt.pct(h.weight, 0)}`).join(" · ")
                      : t("noHoldings")}
                  </Td>
                  <Td>{p.benchmark ?? "—"}</Td>
                  <Td className="text-right tabular-nums">{fmt.pct(p.riskFree, 2)}</Td>
                  <Td className="tabular-nums">{fmt.instant(p.updatedAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>

      <Card>
        <CardHeader title={t("newTitle")} />
        <TickerDatalist id={listId} assets={assets} />
        <FormProvider {...form}>
          <form
            noValidate
            aria-label={t("newTitle")}
            data-testid="portfolio-create"
            className="grid gap-4 md:grid-cols-2"
            onSubmit={form.handleSubmit((input) => create.mutate(input))}
          >
            <PortfolioFields benchmarkListId={listId} />
            <div className="md:col-span-2">
              <Button type="submit" disabled={create.isPending} aria-busy={create.isPending || undefined}>
                {t("create")}
              </Button>
            </div>
          </form>
        </FormProvider>
        {formError && (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {formError}
          </p>
        )}
      </Card>
    </div>
  );
}
