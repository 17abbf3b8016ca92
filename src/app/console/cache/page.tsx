import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CachePanel } from "@/features/console/components/cache-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Cache"))("title") };
}

export default async function CachePage() {
  const t = await getTranslations("Cache");
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">{t("title")}</h1>
        <p className="text-slate-600">{t("lead")}</p>
      </header>
      <CachePanel />
    </div>
  );
}
