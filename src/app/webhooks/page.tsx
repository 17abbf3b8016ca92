import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { WebhooksView } from "@/features/webhooks/components/webhooks-view";

export const generateMetadata = titleFrom("Webhooks");

export default async function WebhooksPage() {
  await requireViewer("/webhooks");
  const t = await getTranslations("Webhooks");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <WebhooksView />
    </div>
  );
}
