"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TableHead, Td } from "@/components/ui/table";
import { useTRPC } from "@/trpc/react";
import { fieldErrors } from "@/trpc/field-errors";
import { TOKEN_NAME_MAX, ZCreateTokenInput } from "../accounts.schemas";
import type { TokenDto } from "../accounts.service";

type FormValues = { name: string; expiresInDays?: number };

/** Create (shown once), list and revoke personal API tokens. */
export function TokensPanel() {
  const t = useTranslations("Account");
  const format = useFormatter();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const tokens = useQuery(trpc.accounts.tokens.queryOptions());
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const form = useForm<FormValues>({
    resolver: zodResolver(ZCreateTokenInput) as never,
    defaultValues: { name: "" },
  });
  const create = useMutation(
    trpc.accounts.createToken.mutationOptions({
      onSuccess: (r) => {
        setCreated(r.token);
        setCopied(false);
        form.reset({ name: "" });
        void qc.invalidateQueries({ queryKey: trpc.accounts.tokens.queryKey() });
      },
    }),
  );
  const revoke = useMutation(
    trpc.accounts.revokeToken.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.accounts.tokens.queryKey() }),
    }),
  );
  const serverFields = fieldErrors(create.error);
  const e = form.formState.errors;
  const when = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: "short", timeStyle: "short" }) : t("never");
  const state = (tk: TokenDto) => (tk.revokedAt ? t("revoked") : tk.active ? t("active") : t("expired"));

  return (
    <Card className="space-y-4">
      <CardHeader title={t("tokens")} />
      <p className="text-sm text-slate-600">{t("tokensLead")}</p>
      <form
        noValidate
        className="flex flex-wrap items-end gap-3"
        onSubmit={form.handleSubmit((v) =>
          create.mutate({ name: v.name, ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}) }),
        )}
      >
        <Field label={t("tokenName")} error={e.name?.message ?? serverFields.name} className="w-64">
          <Input maxLength={TOKEN_NAME_MAX} {...form.register("name")} />
        </Field>
        <Field
          label={t("expiresInDays")}
          error={e.expiresInDays?.message ?? serverFields.expiresInDays}
          className="w-48"
        >
          <Input
            type="number"
            min={1}
            max={3650}
            {...form.register("expiresInDays", { setValueAs: (v: string) => (v === "" ? undefined : Number(v)) })}
          />
        </Field>
        <Button type="submit" disabled={create.isPending}>
          {t("create")}
        </Button>
      </form>
      {create.error && !Object.keys(serverFields).length && (
        <p role="alert" className="text-sm text-red-700">
          {create.error.message}
        </p>
      )}
      {created && (
        <div role="status" className="space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          <p>{t("createdOnce")}</p>
          <div className="flex items-center gap-2">
            <code data-testid="new-token" className="break-all rounded bg-white px-2 py-1 font-mono text-xs">
              {created}
            </code>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => void navigator.clipboard?.writeText(created).then(() => setCopied(true))}
            >
              {copied ? t("copied") : t("copy")}
            </Button>
          </div>
        </div>
      )}
      <Table data-testid="tokens-table">
        <TableHead
          columns={[
            t("colName"),
            t("colPrefix"),
            t("colCreated"),
            t("colLastUsed"),
            t("colExpires"),
            t("colState"),
            null,
          ]}
        />
        <tbody>
          {(tokens.data ?? []).map((tk) => (
            <tr key={tk.id}>
              <Td className="max-w-48 truncate">{tk.name}</Td>
              <Td className="font-mono text-xs">{tk.prefix}…</Td>
              <Td className="whitespace-nowrap tabular-nums">{when(tk.createdAt)}</Td>
              <Td className="whitespace-nowrap tabular-nums">{when(tk.lastUsedAt)}</Td>
              <Td className="whitespace-nowrap tabular-nums">{when(tk.expiresAt)}</Td>
              <Td>{state(tk)}</Td>
              <Td className="text-right">
                {!tk.revokedAt && (
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate({ id: tk.id })}
                  >
                    {t("revoke")}
                  </Button>
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      {tokens.isSuccess && tokens.data.length === 0 && <p className="text-sm text-slate-500">{t("noTokens")}</p>}
    </Card>
  );
}
