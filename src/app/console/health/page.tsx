import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireAdmin } from "@/app/_components/session";
import { HealthPanel } from "@/features/console/components/health-panel";

export const generateMetadata = titleFrom("Health");

export default async function HealthPage() {
  await requireAdmin("/console/health");
  const t = await getTranslations("Health");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <HealthPanel />
    </div>
  );
}
