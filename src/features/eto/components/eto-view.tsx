"use client";

import { useMemo, useRef, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Card } from "@/components/ui/card";
import { RunPanel, useRunStream } from "@/features/runs/ui";
import { useTRPC } from "@/trpc/react";
import { EtoForm } from "./eto-form";
import type { ComputeValues } from "./eto-form-spec";
import { ETO_TASK, EtoResultView } from "./eto-result-view";
import { LocationsCard } from "./locations-card";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (x: string | null) => (x && UUID.test(x) ? x.toLowerCase() : null);

/** A stored eto.compute input back to the form's values. */
function valuesOfInput(input: unknown): Partial<ComputeValues> | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const i = input as Record<string, unknown>;
  const loc = (i.location ?? {}) as Record<string, unknown>;
  return {
    locationId: typeof loc.id === "string" ? loc.id : "",
    start: typeof i.start === "string" ? i.start : "",
    end: typeof i.end === "string" ? i.end : "",
    sources: Array.isArray(i.sources) ? i.sources.map(String) : [],
    method: i.method === "asce" ? "asce" : "fao56",
    gapMaxDays: typeof i.gapMaxDays === "number" && i.gapMaxDays !== 3 ? String(i.gapMaxDays) : "",
  };
}

/**
 * The ETo page: saved locations, the compute form, and the run in place (`?run=`): live progress
 * with Cancel, then the result. A reload brings the run, its result and its form values back.
 * `?from=` ("Edit and rerun"): the form lists what it changes from that run; its runs link to it.
 */
export function EtoView() {
  const t = useTranslations("Run");
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const runId = uuidOrNull(params.get("run"));
  const fromId = uuidOrNull(params.get("from"));
  const live = useRunStream(runId);
  const from = useQuery({ ...trpc.runs.get.queryOptions({ id: fromId ?? "" }), enabled: !!fromId, retry: false });
  const fromValues = from.data?.task === ETO_TASK ? valuesOfInput(from.data.input) : undefined;
  const origin = fromId && fromValues ? { runId: fromId, values: fromValues } : undefined;
  const locations = useQuery(trpc.eto.locations.list.queryOptions());
  const [created, setCreated] = useState<string | null>(null);

  // Only the run in the URL when the page loaded refills the form (a reload or a shared link).
  const initialRunId = useRef(runId);
  const waitingForRun = !!initialRunId.current && runId === initialRunId.current && !live.run && !live.error;
  const initial = useMemo(() => {
    const run = live.run;
    return run && run.id === initialRunId.current && run.task === ETO_TASK ? valuesOfInput(run.input) : undefined;
    // The run is read once, when it first arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [!!live.run]);

  const succeeded = live.state?.status === "succeeded";
  const result = live.run?.status === "succeeded" && live.run.result != null ? live.run : null;
  return (
    <div className="space-y-6">
      <LocationsCard onCreated={setCreated} />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        {waitingForRun || !locations.isSuccess ? (
          <div className="h-96 animate-pulse rounded-lg bg-slate-100" aria-busy="true" />
        ) : (
          <EtoForm
            locations={locations.data}
            preferLocationId={created}
            initial={initial}
            origin={origin}
            onStarted={(id) =>
              router.replace(`${pathname}?run=${id}${fromId ? `&from=${fromId}` : ""}`, { scroll: false })
            }
          />
        )}
        <div className="min-w-0">{runId && <RunPanel runId={runId} live={live} />}</div>
      </div>
      {runId && succeeded && (
        <Card>
          {result ? (
            result.task === ETO_TASK ? (
              <EtoResultView result={result.result} runId={result.id} />
            ) : null
          ) : (
            <p className="text-sm text-slate-500" aria-busy="true">
              {t("waitingForResult")}
            </p>
          )}
        </Card>
      )}
    </div>
  );
}
