import { Suspense } from "react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { titleFrom } from "@/app/_components/page-meta";
import { requireViewer } from "@/app/_components/session";
import { PortfolioView } from "@/features/portfolio/components/portfolio-view";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const generateMetadata = titleFrom("portfolio", "detailTitle");

export default async function PortfolioPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const id = decodeURIComponent(raw);
  await requireViewer(`/portfolios/${encodeURIComponent(id.slice(0, 80))}`);
  const t = await getTranslations("portfolio");
  return (
    <div className="space-y-4">
      <Link href="/portfolios" className="text-sm text-indigo-700 hover:underline">
        ← {t("allPortfolios")}
      </Link>
      {UUID.test(id) ? (
        // useSearchParams (the ?run= id) needs a Suspense boundary.
        <Suspense>
          <PortfolioView id={id.toLowerCase()} />
        </Suspense>
      ) : (
        <p role="alert" className="text-red-700">
          {t("notFound")}
        </p>
      )}
    </div>
  );
}
