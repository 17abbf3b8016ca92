import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireAdmin } from "@/app/_components/session";
import { OverviewPanel } from "@/features/console/components/overview-panel";
import { MinutesPanel } from "@/features/console/components/minutes-panel";

export const generateMetadata = titleFrom("Overview");

export default async function ConsolePage() {
  await requireAdmin("/console");
  const t = await getTranslations("Overview");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <OverviewPanel />
      <MinutesPanel />
    </div>
  );
}
