import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { RunsTable } from "@/features/runs/components/runs-table";

export const generateMetadata = titleFrom("Runs");

export default async function RunsPage() {
  await requireViewer("/runs");
  const t = await getTranslations("Runs");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <RunsTable />
    </div>
  );
}
