import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { getViewer } from "./session";
import { AuthForm } from "@/features/accounts/components/auth-form";

/** The sign-in and sign-up pages: someone already signed in goes on to the app. */
export async function AuthPage({
  mode,
  searchParams,
}: {
  mode: "sign-in" | "sign-up";
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  if (await getViewer()) redirect("/forecast");
  const t = await getTranslations("Auth");
  return (
    <div className="space-y-6">
      <PageHeader
        title={mode === "sign-in" ? t("signInTitle") : t("signUpTitle")}
        lead={mode === "sign-in" ? t("signInLead") : t("signUpLead")}
      />
      <AuthForm mode={mode} next={typeof next === "string" ? next : undefined} />
    </div>
  );
}
