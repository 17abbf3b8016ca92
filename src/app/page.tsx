import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";

/** The home page's two ways in: its primary (forecast) and secondary (runs) link. */
const ENTRIES = [
  { key: "forecast", href: "/forecast", tone: "bg-indigo-600", text: "text-white hover:bg-indigo-700" },
  {
    key: "runs",
    href: "/runs",
    tone: "bg-white",
    text: "text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50",
  },
] as const;

export default async function HomePage() {
  const t = await getTranslations("Home");
  return (
    <div className="space-y-8">
      <section className="max-w-3xl space-y-3">
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="text-lg text-slate-700">{t("lead")}</p>
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        {ENTRIES.map((e) => (
          <Card key={e.key} className="flex flex-col gap-3">
            <h2 className="text-lg font-semibold">{t(`${e.key}Title`)}</h2>
            <p className="flex-1 text-sm text-slate-600">{t(`${e.key}Body`)}</p>
            <Link
              href={e.href}
              className={`inline-flex w-fit items-center rounded-md ${e.tone} px-4 py-2 text-sm font-medium ${e.text}`}
            >
              {t(`${e.key}Link`)} →
            </Link>
          </Card>
        ))}
      </div>

      <section className="max-w-3xl space-y-2">
        <h2 className="text-lg font-semibold">{t("howTitle")}</h2>
        <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
          <li>{t("how1")}</li>
          <li>{t("how2")}</li>
          <li>{t("how3")}</li>
        </ol>
      </section>
    </div>
  );
}
