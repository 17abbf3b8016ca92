/** The "Backtest" tab: walk-forward over a chronological history (expanding or sliding training window). */
import { ZForecastBacktestInput, type TForecastBacktestInput } from "../analytics.schemas";
import { FORECAST_LIMITS } from "../forecast.schemas";
import { listText, num, numList, str, type TabSpec } from "@/components/form/form-kit";
import {
  commonField,
  listsCheck,
  runCandidate,
  runDefaults,
  runFromInput,
  storedInput,
  type RunValues,
} from "./forecast-values";
import type { FormMessages } from "./when-spec";
import type { TabDef } from "./tab-form";

export interface BacktestValues extends RunValues {
  samples: string;
  backlog: string;
  minTrain: string;
  windowMode: "expanding" | "sliding";
  window: string;
  step: string;
  maxPeriods: string;
}

export const backtestDefaults = (): BacktestValues => ({
  samples: "",
  backlog: "",
  minTrain: "8",
  windowMode: "expanding",
  window: "8",
  step: "1",
  maxPeriods: "",
  ...runDefaults(String(FORECAST_LIMITS.defaultBacktestTrials)),
});

export function backtestCandidate(v: BacktestValues): Record<string, unknown> {
  const c: Record<string, unknown> = { samples: numList(v.samples), backlog: num(v.backlog), ...runCandidate(v) };
  if (num(v.minTrain) !== undefined) c.minTrain = num(v.minTrain);
  if (v.windowMode === "sliding") c.window = num(v.window);
  if (num(v.step) !== undefined) c.step = num(v.step);
  if (num(v.maxPeriods) !== undefined) c.maxPeriods = num(v.maxPeriods);
  return c;
}

export function backtestSpec(m: FormMessages): TabSpec<BacktestValues, TForecastBacktestInput> {
  return {
    schema: ZForecastBacktestInput,
    toCandidate: backtestCandidate,
    fieldFor: (path) => {
      const [head] = path;
      if (head === "backlog" || head === "minTrain" || head === "window" || head === "step") return [head];
      return commonField(path) ?? null;
    },
    preCheck: (v) => listsCheck(v, m.notANumber),
  };
}

export function backtestFromInput(input: unknown): BacktestValues | null {
  const i = storedInput(input);
  if (!i) return null;
  const d = backtestDefaults();
  const sliding = typeof i.window === "number";
  return {
    ...d,
    samples: listText(i.samples),
    backlog: str(i.backlog),
    minTrain: str(i.minTrain ?? d.minTrain),
    windowMode: sliding ? "sliding" : "expanding",
    window: sliding ? str(i.window) : d.window,
    step: str(i.step ?? d.step),
    maxPeriods: str(i.maxPeriods),
    ...runFromInput(i, d),
  };
}

export const BACKTEST_TAB: TabDef<BacktestValues, TForecastBacktestInput> = {
  id: "backtest",
  spec: backtestSpec,
  defaults: backtestDefaults,
};
