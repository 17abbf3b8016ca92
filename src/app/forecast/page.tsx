import { Suspense } from "react";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ForecastView } from "@/features/forecast/components/forecast-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Forecast"))("title") };
}

export default async function ForecastPage() {
  const t = await getTranslations("Forecast");
  return (
    <div className="space-y-6">
      <header className="max-w-3xl space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">{t("title")}</h1>
        <p className="text-slate-600">{t("lead")}</p>
      </header>
      {/* useSearchParams (the ?run= id) needs a Suspense boundary. */}
      <Suspense>
        <ForecastView />
      </Suspense>
    </div>
  );
}
