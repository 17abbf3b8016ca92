import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireAdmin } from "@/app/_components/session";
import { WorkersPanel } from "@/features/console/components/workers-panel";

export const generateMetadata = titleFrom("Workers");

export default async function WorkersPage() {
  await requireAdmin("/console/workers");
  const t = await getTranslations("Workers");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <WorkersPanel />
    </div>
  );
}
