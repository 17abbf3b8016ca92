import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { OpportunitiesView } from "@/features/portfolio/components/opportunities-view";

export const generateMetadata = titleFrom("portfolio", "opportunitiesPageTitle");

export default async function OpportunitiesPage() {
  await requireViewer("/opportunities");
  const t = await getTranslations("portfolio");
  return (
    <div className="space-y-6">
      <PageHeader title={t("opportunitiesPageTitle")} lead={t("opportunitiesLead")} />
      {/* useSearchParams (the run ids) needs a Suspense boundary. */}
      <Suspense>
        <OpportunitiesView />
      </Suspense>
    </div>
  );
}
