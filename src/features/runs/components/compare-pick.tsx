"use client";

/**
 * Picking runs to compare from a runs list: a checkbox per row and a "Compare" button, enabled only
 * for 2 to 4 runs of one task (else it says why), that opens /runs/compare?ids=… in the order picked.
 */
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { COMPARE_MAX, COMPARE_MIN } from "../compare.schemas";

export type Picked = readonly { id: string; task: string }[];

/** Whether `picked` can be compared, and if not why (a message key of `Compare`). */
export function pickState(picked: Picked): {
  href: string | null;
  reason: "pickHint" | "tooMany" | "mixedTasks" | null;
} {
  if (picked.length > COMPARE_MAX) return { href: null, reason: "tooMany" };
  if (new Set(picked.map((p) => p.task)).size > 1) return { href: null, reason: "mixedTasks" };
  if (picked.length < COMPARE_MIN) return { href: null, reason: "pickHint" };
  return { href: `/runs/compare?ids=${picked.map((p) => p.id).join(",")}`, reason: null };
}

export function usePicked() {
  const [picked, setPicked] = useState<Picked>([]);
  const toggle = (id: string, task: string) =>
    setPicked((p) => (p.some((x) => x.id === id) ? p.filter((x) => x.id !== id) : [...p, { id, task }]));
  return { picked, toggle, has: (id: string) => picked.some((x) => x.id === id) };
}

export function PickBox({ id, checked, onToggle }: { id: string; checked: boolean; onToggle: () => void }) {
  const t = useTranslations("Compare");
  return (
    <input
      type="checkbox"
      className="h-4 w-4 accent-indigo-600"
      checked={checked}
      onChange={onToggle}
      aria-label={t("select", { id: id.slice(0, 8) })}
      data-testid={`compare-pick-${id}`}
    />
  );
}

export function CompareButton({ picked }: { picked: Picked }) {
  const t = useTranslations("Compare");
  const router = useRouter();
  const { href, reason } = pickState(picked);
  return (
    <span className="flex items-center gap-2">
      <Button
        variant="secondary"
        disabled={!href}
        aria-describedby="compare-pick-reason"
        data-testid="compare-button"
        onClick={() => href && router.push(href)}
      >
        {href ? t("ready", { count: picked.length }) : t("compare")}
      </Button>
      {reason && (
        <span id="compare-pick-reason" className="text-xs text-slate-500" data-testid="compare-pick-reason">
          {t(reason)}
        </span>
      )}
    </span>
  );
}
