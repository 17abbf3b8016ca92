import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { splitIds } from "@/features/runs/compare.schemas";
import { ComparePageView } from "./compare-views";

export const generateMetadata = titleFrom("Compare");

/** /runs/compare?ids=a,b[,c,d]: the page's URL is the comparison's shareable link. */
export default async function ComparePage({ searchParams }: { searchParams: Promise<{ ids?: string | string[] }> }) {
  const { ids: raw } = await searchParams;
  const list = typeof raw === "string" ? raw : Array.isArray(raw) ? raw.join(",") : "";
  await requireViewer(`/runs/compare?ids=${list.slice(0, 400)}`);
  const t = await getTranslations("Compare");
  const ids = splitIds(list).map((id) => id.toLowerCase());
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} lead={t("lead")} />
      {ids.length < 2 || ids.length > 4 ? (
        <p role="alert" className="text-red-700">
          {t("invalidIds")}
        </p>
      ) : (
        <ComparePageView ids={ids} />
      )}
    </div>
  );
}
