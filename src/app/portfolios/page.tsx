import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { PortfoliosView } from "@/features/portfolio/components/portfolios-view";

export const generateMetadata = titleFrom("portfolio");

export default async function PortfoliosPage() {
  await requireViewer("/portfolios");
  const t = await getTranslations("portfolio");
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      <PortfoliosView />
    </div>
  );
}
