import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RunsTable } from "@/features/runs/components/runs-table";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Runs"))("title") };
}

export default async function RunsPage() {
  const t = await getTranslations("Runs");
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">{t("title")}</h1>
        <p className="text-slate-600">{t("lead")}</p>
      </header>
      <RunsTable />
    </div>
  );
}
