"use client";

import { useMemo, useRef } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { PartialResult, RunPanel, useRunStream } from "@/features/runs/ui";
import { forecastPartialView } from "./when-partial";
import { useTRPC } from "@/trpc/react";
import { BacktestForm } from "./backtest-form";
import { CutLineForm } from "./cut-line-form";
import { DeadlineForm } from "./deadline-form";
import { ForecastResultByTask, isForecastTask } from "./forecast-result";
import { ForecastTabs, isTab, tabOfTask, type TabId } from "./forecast-tabs";
import { formInputOf, isSensitivityRun } from "../sensitivity.schemas";
import { HowManyForm } from "./how-many-form";
import { ProjectBanner, SaveToProject } from "./project-bar";
import { FROM_INPUT, projectValues, type TabValues } from "./tab-values";
import type { TabFormProps } from "./use-tab-form";
import { WhenForm } from "./when-form";

/** The tab of a run's task; a sensitivity run (a workflow) belongs to the When tab. */
const tabOfRun = (run?: { task: string; input?: unknown } | null): TabId | null =>
  tabOfTask(run?.task) ?? (run && isSensitivityRun(run.task, run.input) ? "when" : null);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (x: string | null) => (x && UUID.test(x) ? x.toLowerCase() : null);

const FORMS: Record<TabId, (p: TabFormProps<never>) => React.ReactNode> = {
  when: WhenForm as never,
  howMany: HowManyForm as never,
  deadline: DeadlineForm as never,
  backtest: BacktestForm as never,
  cutLine: CutLineForm as never,
};

/**
 * The forecast page: tabs (`?tab=`), the tab's form, and the live run in place (`?run=`), so a
 * reload brings the run and the form values back. `?project=` prefills the forms from a project
 * and offers "Save to project" once a run has succeeded. `?from=` ("Edit and rerun"): the form of
 * that run's tab lists what it changes from the run, and the runs it starts link to it.
 */
export function ForecastView() {
  const t = useTranslations("Run");
  const tp = useTranslations("ForecastProject");
  const tr = useTranslations("Rerun");
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const runId = uuidOrNull(params.get("run"));
  const projectId = uuidOrNull(params.get("project"));
  const fromId = uuidOrNull(params.get("from"));
  const live = useRunStream(runId);
  const from = useQuery({ ...trpc.runs.get.queryOptions({ id: fromId ?? "" }), enabled: !!fromId, retry: false });
  const project = useQuery({
    ...trpc.projects.get.queryOptions({ id: projectId ?? "" }),
    enabled: !!projectId,
    retry: false,
  });

  const tabParam = params.get("tab");
  const tab: TabId = isTab(tabParam) ? tabParam : (tabOfRun(live.run) ?? "when");

  // What each tab's form held when the user left it, the samples they last typed, each tab's last run.
  const memory = useRef<{
    values: Partial<Record<TabId, TabValues>>;
    samples?: string;
    runs: Partial<Record<TabId, string>>;
  }>({ values: {}, runs: {} });
  // Only a run that was in the URL when the page loaded refills its form (after a reload or a shared link).
  const initialRunId = useRef(runId);
  if (runId && live.run && tabOfRun(live.run)) memory.current.runs[tabOfRun(live.run)!] ??= runId;

  const waitingForRun = !!initialRunId.current && runId === initialRunId.current && !live.run && !live.error;
  const waitingForProject = !!projectId && project.isLoading;

  const initial = useMemo((): TabValues | undefined => {
    if (waitingForRun || waitingForProject) return undefined;
    const m = memory.current;
    if (m.values[tab]) return m.values[tab];
    const run = live.run;
    if (run && run.id === initialRunId.current && tabOfRun(run) === tab) {
      const v = FROM_INPUT[tab](formInputOf(run.task, run.input));
      if (v) return v as TabValues;
    }
    const fromProject = project.data
      ? projectValues(tab, { ...project.data.project, samples: project.data.samples })
      : {};
    return { ...fromProject, ...(m.samples !== undefined ? { samples: m.samples } : {}) };
    // live.run is read once per tab mount (the form keeps its own state afterwards).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tab, waitingForRun, waitingForProject, project.data]);

  const query = (o: { tab: TabId; run?: string | null }) => {
    const q = new URLSearchParams();
    if (o.run) q.set("run", o.run);
    q.set("tab", o.tab);
    if (projectId) q.set("project", projectId);
    if (fromId) q.set("from", fromId);
    return `${pathname}?${q.toString()}`;
  };
  const onStarted = (id: string) => {
    memory.current.runs[tab] = id;
    router.replace(query({ tab, run: id }), { scroll: false });
  };
  const onLeave = (values: TabValues) => {
    memory.current.values[tab] = values;
    if (typeof values.samples === "string") memory.current.samples = values.samples;
  };

  const Form = FORMS[tab];
  const fromValues = from.data && tabOfTask(from.data.task) === tab ? FROM_INPUT[tab](from.data.input) : null;
  const origin = fromId && fromValues ? { runId: fromId, values: fromValues } : undefined;
  const succeeded = live.state?.status === "succeeded";
  const result = live.run?.status === "succeeded" && live.run.result != null ? live.run : null;
  const projectName = project.data?.project.name;
  return (
    <div className="space-y-6">
      {projectId && project.error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {tp("notFound")}
        </p>
      )}
      {fromId && from.error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {tr("originMissing", { id: fromId.slice(0, 8) })}
        </p>
      )}
      {projectId && projectName && (
        <ProjectBanner id={projectId} name={projectName} periods={project.data!.samples.length} />
      )}
      <ForecastTabs active={tab} hrefFor={(x) => query({ tab: x, run: x === tab ? runId : memory.current.runs[x] })} />
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)]">
        {initial ? (
          <Form
            key={tab}
            initial={initial as never}
            onLeave={onLeave as never}
            onStarted={onStarted}
            offerFresh={!!live.run?.cachedFromId}
            origin={origin as never}
          />
        ) : (
          <div className="h-96 animate-pulse rounded-lg bg-slate-100" aria-busy="true" />
        )}
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
              {!succeeded && live.run && live.state?.partial && (
                <PartialResult
                  task={live.run.task}
                  input={live.run.input}
                  partial={live.state.partial}
                  status={live.state.status}
                  View={forecastPartialView(live.run.task)}
                />
              )}
              {succeeded &&
                (result ? (
                  <>
                    {projectId && projectName && isForecastTask(result.task) && (
                      <SaveToProject projectId={projectId} projectName={projectName} runId={result.id} />
                    )}
                    <ForecastResultByTask
                      task={result.task}
                      input={result.input}
                      result={result.result}
                      runId={result.id}
                    />
                  </>
                ) : (
                  <p className="text-sm text-slate-500" aria-busy="true">
                    {t("waitingForResult")}
                  </p>
                ))}
            </RunPanel>
          )}
        </div>
      </div>
    </div>
  );
}
