/**
 * forecast.sensitivity ("what moves the date most?"): its input is a forecast.when input (the same
 * limits) plus `backlogChange`, the percent the backlog is moved down and up (1–90, default 20). The
 * merge step (forecast.sensitivityMerge) is given the variants without their inputs, and the run's
 * seed, trials and change, for the result. Client-safe: zod only.
 */
import { z } from "zod";
import { numberIn } from "./forecast.fields";
import { ZForecastWhenRunInput } from "./forecast.schemas";

/** The chord's last step; a sensitivity run is a workflow.chord whose callback is this task. */
export const SENSITIVITY_MERGE_TASK = "forecast.sensitivityMerge";

/** Whether a run (its task and input) is a sensitivity run: a chord ending in the tornado's merge. */
export const isSensitivityRun = (task: unknown, input: unknown): boolean =>
  task === "workflow.chord" &&
  typeof input === "object" &&
  input !== null &&
  (input as { callback?: { task?: unknown } }).callback?.task === SENSITIVITY_MERGE_TASK;

/** A sensitivity run's own forecast (its base step's input), to refill the When form from; else the input as is. */
export const formInputOf = (task: unknown, input: unknown): unknown =>
  isSensitivityRun(task, input) ? (input as { steps?: { input?: unknown }[] }).steps?.[0]?.input : input;

export const SENSITIVITY_LIMITS = { minBacklogChange: 1, maxBacklogChange: 90, defaultBacklogChange: 20 } as const;

export const ZForecastSensitivityInput = ZForecastWhenRunInput.safeExtend({
  backlogChange: numberIn(
    "backlogChange",
    SENSITIVITY_LIMITS.minBacklogChange,
    SENSITIVITY_LIMITS.maxBacklogChange,
  ).default(SENSITIVITY_LIMITS.defaultBacklogChange),
});
export type TForecastSensitivityInput = z.output<typeof ZForecastSensitivityInput>;

const FACTOR_KINDS = ["backlog", "focus", "splitRate", "team", "risk", "sCurve", "leadTimes"] as const;
export const ZSetting = z.union([z.number(), z.object({ min: z.number(), max: z.number() }), z.null()]);
const factor = {
  id: z.string().max(20),
  kind: z.enum(FACTOR_KINDS),
  index: z.number().int().min(0).optional(),
  side: z.enum(["low", "high"]),
  setting: ZSetting,
};
export const ZSkippedVariant = z.object({ ...factor, reason: z.string().max(1000) });
const MAX_VARIANTS = 200;

export const ZSensitivityMergeInput = z.strictObject({
  periodDays: z.number().int().min(1).max(31),
  variants: z.array(z.object(factor)).max(MAX_VARIANTS),
  skipped: z.array(ZSkippedVariant).max(MAX_VARIANTS),
  baseSettings: z.record(z.string(), ZSetting),
  about: z.object({ seed: z.number(), trials: z.number(), backlogChange: z.number() }),
});
export type TSensitivityMergeInput = z.output<typeof ZSensitivityMergeInput>;
