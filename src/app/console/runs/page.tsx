import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireAdmin } from "@/app/_components/session";
import { RunsTable } from "@/features/runs/components/runs-table";

export const generateMetadata = titleFrom("ConsoleRuns");

export default async function ConsoleRunsPage() {
  await requireAdmin("/console/runs");
  const t = await getTranslations("ConsoleRuns");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <RunsTable all />
    </div>
  );
}
