import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { EtoView } from "@/features/eto/components/eto-view";

export const generateMetadata = titleFrom("Eto");

export default async function EtoPage() {
  await requireViewer("/eto");
  const t = await getTranslations("Eto");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      {/* useSearchParams (the ?run= id) needs a Suspense boundary. */}
      <Suspense>
        <EtoView />
      </Suspense>
    </div>
  );
}
