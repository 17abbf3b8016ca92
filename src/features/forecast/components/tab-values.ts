/** Form values per tab: from a stored run input (after a reload) and from a project (`?project=`). */
import { backtestFromInput } from "./backtest-spec";
import { cutLineFromInput } from "./cut-line-spec";
import { deadlineFromInput } from "./deadline-spec";
import { howManyFromInput } from "./how-many-spec";
import type { TabId } from "./forecast-tabs";
import { whenFromInput } from "./when-spec";

export type TabValues = Record<string, unknown>;

export const FROM_INPUT: Record<TabId, (input: unknown) => object | null> = {
  when: whenFromInput,
  howMany: howManyFromInput,
  deadline: deadlineFromInput,
  backtest: backtestFromInput,
  cutLine: cutLineFromInput,
};

/** What `projects.get` gives the forecast forms. */
export interface ProjectPrefill {
  samples: number[];
  periodDays: number;
  skipWeekends: boolean;
  backlog: number | null | undefined;
}

/** A project's history, calendar and backlog, as the given tab's form fields. */
export function projectValues(tab: TabId, p: ProjectPrefill): TabValues {
  const v: TabValues = {};
  if (p.samples.length > 0) v.samples = p.samples.join(", ");
  if (tab !== "backtest") {
    v.period = String(p.periodDays);
    v.skipWeekends = p.periodDays === 1 && p.skipWeekends;
  }
  if (typeof p.backlog === "number" && (tab === "when" || tab === "deadline" || tab === "backtest")) {
    v.backlog = String(p.backlog);
    if (tab !== "backtest") v.backlogIsRange = false;
  }
  return v;
}
