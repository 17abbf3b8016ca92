"use client";

import { useMemo, useRef } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { RunPanel } from "@/features/runs/components/run-panel";
import { useRunStream } from "@/features/runs/hooks/use-run-stream";
import { ForecastForm } from "./forecast-form";
import { ForecastResult } from "./forecast-result";
import { fromInput } from "./form-schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The forecast page: the form, and the live run in place. The run id lives in the URL
 * (`?run=<id>`) so a reload brings the run (and the form values) back.
 */
export function ForecastView() {
  const t = useTranslations("Run");
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const raw = params.get("run");
  const runId = raw && UUID.test(raw) ? raw.toLowerCase() : null;
  const live = useRunStream(runId);

  // Only a run that was in the URL when the page loaded refills the form (after a reload or a
  // shared link); a run just started from this form already shows the user's own text.
  const initialRunId = useRef(runId);
  const restore = useMemo(() => {
    if (!runId || runId !== initialRunId.current || !live.run || live.run.task !== "forecast.when") return null;
    const values = fromInput(live.run.input);
    return values ? { key: runId, values } : null;
  }, [runId, live.run]);

  const onStarted = (id: string) => router.replace(`${pathname}?run=${id}`, { scroll: false });

  const succeeded = live.state?.status === "succeeded";
  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
      <ForecastForm restore={restore} onStarted={onStarted} offerFresh={!!live.run?.cachedFromId} />
      <div className="min-w-0">
        {runId && (
          <RunPanel runId={runId} live={live}>
            {live.run?.cachedFromId && (
              <p className="text-sm text-slate-600" data-testid="from-cache">
                {t.rich("fromCache", {
                  link: (chunks) => (
                    <Link className="text-indigo-700 underline" href={`/runs/${live.run!.cachedFromId}`}>
                      {chunks}
                    </Link>
                  ),
                })}
              </p>
            )}
            {succeeded &&
              (live.run?.status === "succeeded" && live.run.result != null ? (
                <ForecastResult result={live.run.result} input={live.run.input} />
              ) : (
                <p className="text-sm text-slate-500" aria-busy="true">
                  {t("waitingForResult")}
                </p>
              ))}
          </RunPanel>
        )}
      </div>
    </div>
  );
}
