import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { ReportsView } from "@/features/reports/components/reports-view";

export const generateMetadata = titleFrom("Reports", "pageTitle");

export default async function ReportsPage() {
  await requireViewer("/reports");
  const t = await getTranslations("Reports");
  return (
    <div className="space-y-6">
      <PageHeader title={t("pageTitle")} lead={t("lead")} />
      {/* useSearchParams (the ?run= id) needs a Suspense boundary. */}
      <Suspense>
        <ReportsView />
      </Suspense>
    </div>
  );
}
