import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireAdmin } from "@/app/_components/session";
import { CachePanel } from "@/features/console/components/cache-panel";

export const generateMetadata = titleFrom("Cache");

export default async function CachePage() {
  await requireAdmin("/console/cache");
  const t = await getTranslations("Cache");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <CachePanel />
    </div>
  );
}
