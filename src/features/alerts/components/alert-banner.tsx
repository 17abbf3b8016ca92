"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";

/** While any alert is open: a banner for admins linking to the Alerts page (checked every 15 s). */
export function AlertBanner() {
  const t = useTranslations("Alerts");
  const trpc = useTRPC();
  const open = useQuery({ ...trpc.alerts.open.queryOptions(), refetchInterval: 15_000, retry: false });
  const items = open.data ?? [];
  if (items.length === 0) return null;
  return (
    <div role="status" aria-live="polite" data-testid="alert-banner" className="border-b border-red-200 bg-red-50">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm text-red-900">
        <strong className="font-semibold">{t("bannerTitle", { count: items.length })}</strong>
        <span className="truncate">{items[0]!.message}</span>
        <Link href="/console/alerts" className="font-medium underline hover:text-red-700">
          {t("bannerLink")}
        </Link>
      </div>
    </div>
  );
}
