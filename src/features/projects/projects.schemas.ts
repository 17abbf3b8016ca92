/** Inputs of the projects procedures; every message names the field and the limit. */
import { z } from "zod";
import { isHistoryDate, PROJECT_LIMITS as L } from "@/domain/projects";

const fmt = (n: number) => n.toLocaleString("en-US");

const uuid = (what: string) => z.uuid({ error: `${what} must be an id (UUID)` });
const text = (what: string, max: number) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .max(max, `${what} must be at most ${fmt(max)} characters`);
const whole = (what: string, max: number) =>
  z
    .number({ error: (i) => (i.input === undefined ? `${what} is required` : `${what} must be a number`) })
    .refine(Number.isInteger, `${what} must be a whole number`)
    .refine((v) => v >= 0, `${what} must be at least 0`)
    .refine((v) => v <= max, `${what} must be at most ${fmt(max)}`);
const date = (what: string) =>
  z
    .string({ error: `${what} must be a date written YYYY-MM-DD` })
    .refine(isHistoryDate, `${what} must be a real calendar date from 1900 to 2200 written YYYY-MM-DD`);

export const ZProjectId = z.object({ id: uuid("id") });

const fields = {
  name: text("name", L.maxName).min(1, "name is required"),
  description: text("description", L.maxDescription).nullable(),
  periodDays: z.union([z.literal(1), z.literal(7)], { error: "periodDays must be 7 (weeks) or 1 (days)" }),
  skipWeekends: z.boolean({ error: "skipWeekends must be true or false" }),
  backlog: whole("backlog", L.maxCount).nullable(),
};

const weekendsNeedDays = (v: { periodDays?: number; skipWeekends?: boolean }, ctx: z.RefinementCtx) => {
  if (v.skipWeekends && v.periodDays === 7)
    ctx.addIssue({
      code: "custom",
      path: ["skipWeekends"],
      message: "skipWeekends needs daily periods (periodDays 1)",
    });
};

export const ZCreateProject = z
  .object({
    name: fields.name,
    description: fields.description.optional().default(null),
    periodDays: fields.periodDays.default(7),
    skipWeekends: fields.skipWeekends.default(false),
    backlog: fields.backlog.optional().default(null),
  })
  .superRefine(weekendsNeedDays);

export const ZUpdateProject = z
  .object({
    id: uuid("id"),
    name: fields.name.optional(),
    description: fields.description.optional(),
    periodDays: fields.periodDays.optional(),
    skipWeekends: fields.skipWeekends.optional(),
    backlog: fields.backlog.optional(),
  })
  .superRefine(weekendsNeedDays);

export const ZHistoryRow = z.object(
  { periodStart: date("periodStart"), count: whole("count", L.maxCount) },
  { error: "each row must be { periodStart, count }" },
);

export const ZSetHistory = z.object({
  id: uuid("id"),
  rows: z
    .array(ZHistoryRow, { error: "rows must be a list of { periodStart, count }" })
    .max(L.maxHistoryRows, `rows must hold at most ${fmt(L.maxHistoryRows)} periods`)
    .superRefine((rows, ctx) => {
      const seen = new Map<string, number>();
      rows.forEach((r, i) => {
        const first = seen.get(r.periodStart);
        if (first !== undefined)
          ctx.addIssue({
            code: "custom",
            path: [i, "periodStart"],
            message: `rows: ${r.periodStart} appears twice (rows ${first} and ${i})`,
          });
        seen.set(r.periodStart, i);
      });
    }),
});

export const ZImportHistory = z.object({
  id: uuid("id"),
  csv: z
    .string({ error: "csv must be the file's text" })
    .max(L.maxCsvBytes, `csv must be at most ${fmt(L.maxCsvBytes)} characters (1 MiB)`),
  format: z.enum(["auto", "dates", "counts"], { error: "format must be auto, dates or counts" }).default("auto"),
  mode: z.enum(["replace", "merge"], { error: "mode must be replace or merge" }).default("replace"),
});

export const ZSaveForecast = z.object({
  id: uuid("id"),
  runId: uuid("runId"),
  label: text("label", L.maxLabel).nullable().optional(),
});

export const ZForecastRef = z.object({ id: uuid("id"), forecastId: uuid("forecastId") });

export const ZAddActual = z.object({
  id: uuid("id"),
  date: date("date"),
  completed: whole("completed", L.maxCount),
  remaining: whole("remaining", L.maxCount).nullable().optional(),
  note: text("note", L.maxNote).nullable().optional(),
});

export const ZActualRef = z.object({ id: uuid("id"), actualId: uuid("actualId") });
export type TCreateProject = z.output<typeof ZCreateProject>;
export type TUpdateProject = z.output<typeof ZUpdateProject>;
export type THistoryRow = z.output<typeof ZHistoryRow>;
export type TImportHistory = z.output<typeof ZImportHistory>;
export type TSaveForecast = z.output<typeof ZSaveForecast>;
export type TAddActual = z.output<typeof ZAddActual>;
