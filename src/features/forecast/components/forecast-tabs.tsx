"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";

export const TABS = ["when", "howMany", "deadline", "backtest", "cutLine"] as const;
export type TabId = (typeof TABS)[number];

export const isTab = (x: unknown): x is TabId => typeof x === "string" && (TABS as readonly string[]).includes(x);
export const tabOfTask = (task: unknown): TabId | null => {
  const t = typeof task === "string" && task.startsWith("forecast.") ? task.slice("forecast.".length) : null;
  return isTab(t) ? t : null;
};

/**
 * The tab bar; each tab is a link (`?tab=`), so the choice survives a reload and can be shared. Links
 * that navigate are a navigation (the current one marked `aria-current="page"`), not an ARIA tablist,
 * which would promise tab panels and arrow-key focus that links do not have.
 */
export function ForecastTabs({ active, hrefFor }: { active: TabId; hrefFor: (tab: TabId) => string }) {
  const t = useTranslations("ForecastTabs");
  return (
    <nav aria-label={t("label")}>
      <ul className="flex flex-wrap gap-1 border-b border-slate-200">
        {TABS.map((tab) => (
          <li key={tab}>
            <Link
              aria-current={tab === active ? "page" : undefined}
              href={hrefFor(tab)}
              scroll={false}
              replace
              data-testid={`tab-${tab}`}
              className={cn(
                "-mb-px inline-block rounded-t-md border px-4 py-2 text-sm font-medium",
                tab === active
                  ? "border-slate-200 border-b-white bg-white text-indigo-700"
                  : "border-transparent text-slate-600 hover:text-slate-900",
              )}
            >
              {t(tab)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
