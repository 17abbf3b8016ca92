import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { ForecastView } from "@/features/forecast/components/forecast-view";

export const generateMetadata = titleFrom("Forecast");

export default async function ForecastPage() {
  await requireViewer("/forecast");
  const t = await getTranslations("Forecast");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      {/* useSearchParams (the ?run= id) needs a Suspense boundary. */}
      <Suspense>
        <ForecastView />
      </Suspense>
    </div>
  );
}
