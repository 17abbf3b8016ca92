import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RunPageView } from "./run-views";
import { requireViewer } from "@/app/_components/session";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `${(await getTranslations("Run"))("panelTitle")} ${id.slice(0, 8)}` };
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const id = decodeURIComponent(raw);
  await requireViewer(`/runs/${encodeURIComponent(id.slice(0, 80))}`);
  if (!UUID.test(id)) {
    const t = await getTranslations("RunDetail");
    return (
      <p role="alert" className="text-red-700">
        {t("invalidId", { id: id.slice(0, 80) })}
      </p>
    );
  }
  return <RunPageView id={id.toLowerCase()} />;
}
