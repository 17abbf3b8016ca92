import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { CompareView } from "@/features/portfolio/components/compare-view";

export const generateMetadata = titleFrom("portfolio", "compareTitle");

export default async function ComparePage() {
  await requireViewer("/compare");
  const t = await getTranslations("portfolio");
  return (
    <div className="space-y-6">
      <PageHeader title={t("compareTitle")} lead={t("compareLead")} />
      {/* useSearchParams (the ?run= id) needs a Suspense boundary. */}
      <Suspense>
        <CompareView />
      </Suspense>
    </div>
  );
}
