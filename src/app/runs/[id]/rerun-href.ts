/**
 * "Edit and rerun" on the run page: the form of each task that has one, prefilled from the run (the
 * runs slice knows no task's form). Tasks without a form (system tasks, workflows, chunks) get none.
 */
import type { RerunHrefOf } from "@/features/runs/ui";
import { forecastRerunHref } from "@/features/forecast/ui";
import { etoRerunHref } from "@/features/eto/ui";
import { portfolioRerunHref } from "@/features/portfolio/ui";

export const rerunHrefOf: RerunHrefOf = (run) => forecastRerunHref(run) ?? etoRerunHref(run) ?? portfolioRerunHref(run);
