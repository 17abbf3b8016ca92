import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireAdmin } from "@/app/_components/session";
import { QueuesPanel } from "@/features/console/components/queues-panel";

export const generateMetadata = titleFrom("Queues");

export default async function QueuesPage() {
  await requireAdmin("/console/queues");
  const t = await getTranslations("Queues");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <QueuesPanel />
    </div>
  );
}
