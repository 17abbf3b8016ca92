import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireAdmin } from "@/app/_components/session";
import { AlertsPanel } from "@/features/alerts/components/alerts-panel";
import { RulesPanel } from "@/features/alerts/components/rules-panel";

export const generateMetadata = titleFrom("Alerts");

export default async function AlertsPage() {
  await requireAdmin("/console/alerts");
  const t = await getTranslations("Alerts");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <AlertsPanel />
      <RulesPanel />
    </div>
  );
}
