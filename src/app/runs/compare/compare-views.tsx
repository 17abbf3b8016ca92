"use client";

/**
 * The compare page's composition: the runs slice's comparison with each task-owning slice's overlay
 * chart (the runs slice imports none of them), as src/app/runs/[id]/run-views.tsx composes a run.
 */
import { CompareView, type CompareChartRun } from "@/features/runs/ui";
import { ForecastCompareCharts, isForecastTask } from "@/features/forecast/ui";
import { ETO_TASK, EtoCompareCharts } from "@/features/eto/ui";
// Not through @/features/portfolio/ui: the reports slice's schemas take that module into the worker,
// which must not load components.
import { FrontierCompareChart, PORTFOLIO_ANALYSIS_TASK } from "@/features/portfolio/components/frontier-compare-chart";

function CompareCharts({ task, runs }: { task: string; runs: CompareChartRun[] }) {
  if (isForecastTask(task)) return <ForecastCompareCharts task={task} runs={runs} />;
  if (task === ETO_TASK) return <EtoCompareCharts runs={runs} />;
  if (task === PORTFOLIO_ANALYSIS_TASK) return <FrontierCompareChart runs={runs} />;
  return null;
}

export function ComparePageView({ ids }: { ids: string[] }) {
  return <CompareView ids={ids} ChartView={CompareCharts} />;
}
