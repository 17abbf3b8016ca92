"use client";

import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { authClient } from "../auth-client";
import {
  EMAIL_MAX,
  NAME_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
  ZSignIn,
  ZSignUp,
  type TSignUp,
} from "@/accounts/credentials";

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/forecast";
}

export function AuthForm({ mode, next }: { mode: "sign-in" | "sign-up"; next?: string }) {
  const t = useTranslations("Auth");
  const [serverError, setServerError] = useState<string | null>(null);
  const signUp = mode === "sign-up";
  // Sign-in has no name field: its schema ignores `name`, so an empty one cannot block the form.
  const form = useForm<TSignUp>({
    resolver: zodResolver((signUp ? ZSignUp : ZSignIn) as typeof ZSignUp),
    defaultValues: signUp ? { name: "", email: "", password: "" } : { email: "", password: "" },
  });
  const { register, handleSubmit, formState } = form;
  const e = formState.errors;

  const onSubmit = handleSubmit(async (v) => {
    setServerError(null);
    const res = signUp
      ? await authClient.signUp.email({ name: v.name, email: v.email, password: v.password })
      : await authClient.signIn.email({ email: v.email, password: v.password });
    if (res.error) {
      const status = res.error.status;
      const code = res.error.code ?? "";
      setServerError(
        status === 429
          ? t("errRateLimited")
          : code === "INVALID_EMAIL_OR_PASSWORD" || status === 401
            ? t("errInvalid")
            : code.includes("USER_ALREADY_EXISTS")
              ? t("errExists")
              : status === 403 && signUp
                ? t("errClosed")
                : t("errGeneric", { message: res.error.message ?? res.error.statusText ?? String(status) }),
      );
      return;
    }
    // A full load: the layout renders the new session (and its CSRF token).
    window.location.assign(safeNext(next));
  });

  return (
    <Card className="mx-auto max-w-md space-y-5">
      <form
        noValidate
        method="post"
        onSubmit={onSubmit}
        className="space-y-4"
        aria-label={signUp ? t("signUpTitle") : t("signInTitle")}
      >
        {signUp && (
          <Field label={t("name")} error={e.name && t("errName", { max: NAME_MAX })}>
            <Input autoComplete="name" maxLength={NAME_MAX} {...register("name")} />
          </Field>
        )}
        <Field label={t("email")} error={e.email && t("errEmail", { max: EMAIL_MAX })}>
          <Input type="email" autoComplete="email" maxLength={EMAIL_MAX} {...register("email")} />
        </Field>
        <Field
          label={t("password")}
          hint={signUp ? t("passwordHint", { min: PASSWORD_MIN, max: PASSWORD_MAX }) : undefined}
          error={e.password && t("errPassword", { min: PASSWORD_MIN, max: PASSWORD_MAX })}
        >
          <Input
            type="password"
            autoComplete={signUp ? "new-password" : "current-password"}
            maxLength={PASSWORD_MAX}
            {...register("password")}
          />
        </Field>
        {serverError && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
            {serverError}
          </p>
        )}
        <Button type="submit" disabled={formState.isSubmitting} className="w-full">
          {formState.isSubmitting ? t("working") : signUp ? t("submitSignUp") : t("submitSignIn")}
        </Button>
      </form>
      <p className="text-sm text-slate-600">
        {signUp ? t("haveAccount") : t("noAccount")}{" "}
        <Link
          href={`${signUp ? "/sign-in" : "/sign-up"}${next ? `?next=${encodeURIComponent(safeNext(next))}` : ""}`}
          className="font-medium text-indigo-700 hover:underline"
        >
          {signUp ? t("submitSignIn") : t("submitSignUp")}
        </Link>
      </p>
    </Card>
  );
}
