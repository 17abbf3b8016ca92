import { getTranslations } from "next-intl/server";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { TokensPanel } from "@/features/accounts/components/tokens-panel";
import { PasswordPanel } from "@/features/accounts/components/password-panel";

export const generateMetadata = titleFrom("Account");

export default async function AccountPage() {
  const v = await requireViewer("/account");
  const t = await getTranslations("Account");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <Card className="space-y-2">
        <CardHeader title={t("profile")} />
        <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">{(await getTranslations("Auth"))("name")}</dt>
          <dd data-testid="account-name">{v.name}</dd>
          <dt className="text-slate-500">{(await getTranslations("Auth"))("email")}</dt>
          <dd data-testid="account-email">{v.email}</dd>
          <dt className="text-slate-500">{t("role")}</dt>
          <dd data-testid="account-role">{v.role === "admin" ? t("roleAdmin") : t("roleUser")}</dd>
        </dl>
      </Card>
      <PasswordPanel />
      <TokensPanel />
    </div>
  );
}
