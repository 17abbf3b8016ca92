import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { AssetsView } from "@/features/market/components/assets-view";

export const generateMetadata = titleFrom("market");

export default async function AssetsPage() {
  await requireViewer("/assets");
  const t = await getTranslations("market");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      {/* useSearchParams (?run=, ?ticker=) needs a Suspense boundary. */}
      <Suspense>
        <AssetsView />
      </Suspense>
    </div>
  );
}
