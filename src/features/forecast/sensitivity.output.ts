/** What forecast.sensitivityMerge (and so a sensitivity run's parent) returns: the tornado. Client-safe: zod only. */
import { z } from "zod";
import { ZSetting, ZSkippedVariant } from "./sensitivity.schemas";

const ZSide = z.object({
  setting: ZSetting,
  periods: z.number().nullable(),
  date: z.string().nullable(),
  skipped: z.string().optional(),
});

export const ZTornadoRow = z.object({
  id: z.string(),
  kind: ZSkippedVariant.shape.kind,
  index: z.number().optional(),
  low: ZSide,
  high: ZSide,
  swingPeriods: z.number(),
  swingDays: z.number(),
  atLeast: z.boolean(),
});

export const ZForecastSensitivityResult = z.object({
  level: z.number(),
  base: z.object({ periods: z.number().nullable(), date: z.string().nullable() }),
  rows: z.array(ZTornadoRow),
  skipped: z.array(ZSkippedVariant),
  periodDays: z.number(),
  seed: z.number(),
  trials: z.number(),
  backlogChange: z.number(),
});
export type TForecastSensitivityResult = z.infer<typeof ZForecastSensitivityResult>;
export type TTornadoRow = z.infer<typeof ZTornadoRow>;
