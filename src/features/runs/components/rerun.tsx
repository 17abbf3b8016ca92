"use client";

/**
 * "Edit and rerun" (what-if): the run page's button that opens the task's form prefilled with the
 * run's input, the link a rerun keeps to its origin (and to comparing the two), and the panel a form
 * shows while it is being edited from a run: each changed input field, old → new.
 */
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import type { FieldDiff } from "@/domain/shared/field-diff";

const LINK = "text-indigo-700 hover:underline";
const shortId = (id: string) => id.slice(0, 8);

/** The page comparing a rerun with its origin (origin first). */
const compareHref = (originRunId: string, runId: string) => `/runs/compare?ids=${originRunId},${runId}`;

/** The run page's what-if bar: Edit and rerun (when the task has a form), and a rerun's origin. */
export function RerunBar({
  run,
  rerunHref,
}: {
  run: { id: string; originRunId?: string | null };
  /** The task's form prefilled from this run; null for a task without a form (system tasks, workflows). */
  rerunHref: string | null;
}) {
  const t = useTranslations("Rerun");
  const origin = run.originRunId ?? null;
  if (!rerunHref && !origin) return null;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm" data-testid="rerun-bar">
      {rerunHref && (
        <Link
          href={rerunHref}
          data-testid="edit-and-rerun"
          className="inline-flex h-8 items-center rounded-md bg-white px-3 font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        >
          {t("editAndRerun")}
        </Link>
      )}
      {origin && (
        <>
          <span data-testid="rerun-of">
            {t.rich("rerunOf", {
              id: shortId(origin),
              link: (chunks) => (
                <Link href={`/runs/${origin}`} className={`${LINK} font-mono`} data-testid="origin-link">
                  {chunks}
                </Link>
              ),
            })}
          </span>
          <Link href={compareHref(origin, run.id)} className={LINK} data-testid="compare-with-origin">
            {t("compareWithOrigin")}
          </Link>
        </>
      )}
    </div>
  );
}

/** One value of a changed field, as the person reads it ("—" when the field is not set). */
function useShowValue() {
  const format = useFormatter();
  const show = (v: unknown): string => {
    if (v === undefined || v === null || v === "") return "—";
    if (typeof v === "number") return format.number(v);
    if (Array.isArray(v)) return v.map(show).join(", ");
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  };
  return show;
}

/** What the form changes from the run it was prefilled from; "No changes yet" while nothing differs. */
export function RerunChanges({ originRunId, changes }: { originRunId: string; changes: readonly FieldDiff[] }) {
  const t = useTranslations("Rerun");
  const show = useShowValue();
  return (
    <section
      className="rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm"
      aria-live="polite"
      data-testid="rerun-changes"
    >
      <h3 className="font-medium text-slate-800">
        {t.rich("changesFrom", {
          id: shortId(originRunId),
          link: (chunks) => (
            <Link href={`/runs/${originRunId}`} className={`${LINK} font-mono`}>
              {chunks}
            </Link>
          ),
        })}
      </h3>
      {changes.length === 0 ? (
        <p className="mt-1 text-slate-600" data-testid="rerun-no-changes">
          {t("noChanges")}
        </p>
      ) : (
        <ul className="mt-2 space-y-1">
          {changes.map((c) => (
            <li key={c.path} data-testid="rerun-change" data-path={c.path} className="break-words">
              <span className="font-mono text-xs text-slate-700">{c.path}</span>{" "}
              <span className="text-slate-500 line-through">{show(c.values[0])}</span>
              {" → "}
              <span className="font-medium text-slate-900">{show(c.values[1])}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
