import type { ReactNode } from "react";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireAdmin } from "@/app/_components/session";

const TABS = [
  { href: "/console", label: "navConsole" },
  { href: "/console/runs", label: "navConsoleRuns" },
  { href: "/console/workers", label: "navWorkers" },
  { href: "/console/queues", label: "navQueues" },
  { href: "/console/alerts", label: "navAlerts" },
  { href: "/schedules", label: "navSchedules" },
  { href: "/console/cache", label: "navCache" },
  { href: "/console/health", label: "navHealth" },
] as const;

/** The operations console: admins only; one sub-navigation across its pages. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await requireAdmin("/console");
  const t = await getTranslations("Common");
  return (
    <div className="space-y-6">
      <nav aria-label={t("navConsole")} className="flex flex-wrap gap-2 border-b border-slate-200 pb-2 text-sm">
        {TABS.map((x) => (
          <Link
            key={x.href}
            href={x.href}
            className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-indigo-700"
          >
            {t(x.label)}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
