import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { getViewer } from "@/app/_components/session";
import { AuthForm } from "@/features/accounts/components/auth-form";

export const generateMetadata = titleFrom("Auth", "signInTitle");

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  if (await getViewer()) redirect("/forecast");
  const t = await getTranslations("Auth");
  return (
    <div className="space-y-6">
      <PageHeader title={t("signInTitle")} lead={t("signInLead")} />
      <AuthForm mode="sign-in" next={typeof next === "string" ? next : undefined} />
    </div>
  );
}
