"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/accounts/credentials";
import { authClient } from "../auth-client";

const ZChange = z.object({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
});
type TChange = z.infer<typeof ZChange>;

/** Change the password; every other session of the account is signed out. */
export function PasswordPanel() {
  const t = useTranslations("Account");
  const ta = useTranslations("Auth");
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const form = useForm<TChange>({
    resolver: zodResolver(ZChange),
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const e = form.formState.errors;
  const passwordInput = (name: keyof TChange, autoComplete: string) => (
    <Input type="password" autoComplete={autoComplete} maxLength={PASSWORD_MAX} {...form.register(name)} />
  );
  const onSubmit = form.handleSubmit(async (v) => {
    setResult(null);
    const r = await authClient.changePassword({
      currentPassword: v.currentPassword,
      newPassword: v.newPassword,
      revokeOtherSessions: true,
    });
    if (r.error) {
      setResult({
        ok: false,
        text:
          r.error.status === 429
            ? ta("errRateLimited")
            : r.error.code === "INVALID_PASSWORD" || r.error.status === 400
              ? t("wrongPassword")
              : ta("errGeneric", { message: r.error.message ?? String(r.error.status) }),
      });
      return;
    }
    form.reset();
    setResult({ ok: true, text: t("passwordChanged") });
  });
  return (
    <Card className="space-y-4">
      <CardHeader title={t("password")} />
      <form noValidate method="post" onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
        <Field
          label={t("currentPassword")}
          error={e.currentPassword && ta("errPassword", { min: 1, max: PASSWORD_MAX })}
          className="w-64"
        >
          {passwordInput("currentPassword", "current-password")}
        </Field>
        <Field
          label={t("newPassword")}
          hint={ta("passwordHint", { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          error={e.newPassword && ta("errPassword", { min: PASSWORD_MIN, max: PASSWORD_MAX })}
          className="w-64"
        >
          {passwordInput("newPassword", "new-password")}
        </Field>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {t("changePassword")}
        </Button>
      </form>
      {result && (
        <p
          role={result.ok ? "status" : "alert"}
          className={result.ok ? "text-sm text-emerald-700" : "text-sm text-red-700"}
        >
          {result.text}
        </p>
      )}
    </Card>
  );
}
