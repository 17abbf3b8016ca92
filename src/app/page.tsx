import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";

export default async function HomePage() {
  const t = await getTranslations("Home");
  return (
    <div className="space-y-8">
      <section className="max-w-3xl space-y-3">
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t("title")}</h1>
        <p className="text-lg text-slate-700">{t("lead")}</p>
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        <Card className="flex flex-col gap-3">
          <h2 className="text-lg font-semibold">{t("forecastTitle")}</h2>
          <p className="flex-1 text-sm text-slate-600">{t("forecastBody")}</p>
          <Link
            href="/forecast"
            className="inline-flex w-fit items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          >
            {t("forecastLink")} →
          </Link>
        </Card>
        <Card className="flex flex-col gap-3">
          <h2 className="text-lg font-semibold">{t("runsTitle")}</h2>
          <p className="flex-1 text-sm text-slate-600">{t("runsBody")}</p>
          <Link
            href="/runs"
            className="inline-flex w-fit items-center rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            {t("runsLink")} →
          </Link>
        </Card>
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
