import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { SchedulesView } from "@/features/schedules/components/schedules-view";

export const generateMetadata = titleFrom("Schedules");

export default async function SchedulesPage() {
  await requireViewer("/schedules");
  const t = await getTranslations("Schedules");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <SchedulesView />
    </div>
  );
}
