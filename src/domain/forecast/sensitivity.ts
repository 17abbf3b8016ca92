/**
 * Sensitivity of a "when" forecast ("what moves the date most?"): each input the forecast has is
 * moved by a stated amount, one at a time, and every variant is run with the base's seed (common
 * random numbers: the same random streams, so a difference between two variants is the input's,
 * not noise). The tornado then ranks the factors by how far they move the P85 date.
 *
 * The factors and their stated amounts (a factor is varied only when the input has it):
 *   - backlog: × (1 − c) and × (1 + c), c = backlogChange % (default 20), rounded to whole items;
 *   - focus: ± 0.1 around the given focus (1 when not given), within (0, 1];
 *   - split rate: every multiplier × 0.8 and × 1.2 (each at most 10);
 *   - team: team.current − 1 and + 1 people (1..1,000; not with an S-curve, whose contributors set the pace);
 *   - each risk: off (removed) and certain (likelihood 1);
 *   - S-curve and lead times: off (the low side; the high side is the forecast as given).
 * forecast.when has no throughput trend (that is forecast.deadline's), so there is no trend factor.
 * A variant that would be invalid (out of the input's bounds, or refused by the engine, e.g. more
 * periods than maxPeriods) is skipped with the reason; that side of its row is the base's.
 */
import { daysBetween } from "./dates";
import { ForecastInputError } from "./errors";
import type { WhenInput } from "./monte-carlo";
import { planWhen } from "./when-plan";
import { SPLIT_LIMITS } from "./validate";
import { MAX_SPLIT_RATE } from "./when-plan";

export const SENSITIVITY_LEVEL = 85;
export const DEFAULT_BACKLOG_CHANGE = 20;
export const FOCUS_STEP = 0.1;
export const SPLIT_CHANGE = 0.2;
export const TEAM_STEP = 1;
const MAX_BACKLOG = 1_000_000;
const MAX_TEAM = 1_000;

export type FactorKind = "backlog" | "focus" | "splitRate" | "team" | "risk" | "sCurve" | "leadTimes";
export type Side = "low" | "high";
/** What a side sets: a number (backlog, focus, split multiplier, people, likelihood), a range, or null (off). */
export type Setting = number | { min: number; max: number } | null;

export interface Factor {
  /** Unique id: the kind, or "risk:<index>". */
  id: string;
  kind: FactorKind;
  /** The risk's position in the input list. */
  index?: number;
}

export interface Variant extends Factor {
  side: Side;
  setting: Setting;
  input: WhenInput;
}

export interface SkippedVariant extends Factor {
  side: Side;
  setting: Setting;
  reason: string;
}

export interface SensitivityPlan {
  base: WhenInput;
  variants: Variant[];
  skipped: SkippedVariant[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 3 });
const scaleBacklog = (b: WhenInput["backlog"], k: number): { min: number; max: number } | number =>
  typeof b === "number" ? Math.round(b * k) : { min: Math.round(b.min * k), max: Math.round(b.max * k) };
const backlogTop = (b: WhenInput["backlog"]) => (typeof b === "number" ? b : b.max);
const sameBacklog = (a: WhenInput["backlog"], b: WhenInput["backlog"]) => JSON.stringify(a) === JSON.stringify(b);

interface Candidate extends Factor {
  side: Side;
  setting: Setting;
  /** The changed input, or why this side cannot be run. */
  change: Partial<WhenInput> | { invalid: string };
  /** Fields to drop from the input (an option turned off). */
  drop?: (keyof WhenInput)[];
}

function backlogCandidates(input: WhenInput, change: number): Candidate[] {
  return (["low", "high"] as const).map((side) => {
    const k = side === "low" ? 1 - change / 100 : 1 + change / 100;
    const b = scaleBacklog(input.backlog, k);
    const top = backlogTop(b);
    const c = { id: "backlog", kind: "backlog" as const, side, setting: b };
    if (top > MAX_BACKLOG)
      return { ...c, change: { invalid: `backlog × ${fmt(k)} = ${fmt(top)} is more than ${fmt(MAX_BACKLOG)}` } };
    if (sameBacklog(b, input.backlog))
      return { ...c, change: { invalid: `backlog × ${fmt(k)} rounds to the same backlog` } };
    return { ...c, change: { backlog: b } };
  });
}

function focusCandidates(input: WhenInput): Candidate[] {
  const f = input.focus ?? 1;
  return (["low", "high"] as const).map((side) => {
    const v = round3(side === "low" ? f - FOCUS_STEP : f + FOCUS_STEP);
    const c = { id: "focus", kind: "focus" as const, side, setting: v };
    if (v <= 0) return { ...c, change: { invalid: `focus ${fmt(f)} − ${FOCUS_STEP} is not more than 0` } };
    if (v > 1) return { ...c, change: { invalid: `focus ${fmt(f)} + ${FOCUS_STEP} is more than 1` } };
    return { ...c, change: { focus: v } };
  });
}

function splitCandidates(rates: number[]): Candidate[] {
  return (["low", "high"] as const).map((side) => {
    const k = side === "low" ? 1 - SPLIT_CHANGE : 1 + SPLIT_CHANGE;
    const scaled = rates.map((r) => round3(r * k));
    const c = { id: "splitRate", kind: "splitRate" as const, side, setting: k };
    if (scaled.some((r) => r > MAX_SPLIT_RATE))
      return { ...c, change: { invalid: `a split rate × ${fmt(k)} is more than ${MAX_SPLIT_RATE}` } };
    if (scaled.some((r) => r <= 0)) return { ...c, change: { invalid: `a split rate × ${fmt(k)} rounds to 0` } };
    return { ...c, change: { splitRate: scaled } };
  });
}

function teamCandidates(input: WhenInput, team: { historical: number; current: number }): Candidate[] {
  return (["low", "high"] as const).map((side) => {
    const v = side === "low" ? team.current - TEAM_STEP : team.current + TEAM_STEP;
    const c = { id: "team", kind: "team" as const, side, setting: v };
    if (input.sCurve)
      return {
        ...c,
        change: { invalid: "with an S-curve, team.current does not change the pace (its contributors do)" },
      };
    if (v < 1) return { ...c, change: { invalid: `team.current ${team.current} − 1 is fewer than 1 person` } };
    if (v > MAX_TEAM) return { ...c, change: { invalid: `team.current ${team.current} + 1 is more than ${MAX_TEAM}` } };
    return { ...c, change: { team: { ...team, current: v } } };
  });
}

function riskCandidates(risks: NonNullable<WhenInput["risks"]>): Candidate[] {
  return risks.flatMap((r, index): Candidate[] => {
    const f = { id: `risk:${index}`, kind: "risk" as const, index };
    return [
      r.likelihood === 0
        ? {
            ...f,
            side: "low",
            setting: 0,
            change: { invalid: `risk ${index + 1} already never happens (likelihood 0)` },
          }
        : { ...f, side: "low", setting: 0, change: { risks: risks.filter((_, i) => i !== index) } },
      r.likelihood === 1
        ? { ...f, side: "high", setting: 1, change: { invalid: `risk ${index + 1} is already certain (likelihood 1)` } }
        : {
            ...f,
            side: "high",
            setting: 1,
            change: { risks: risks.map((x, i) => (i === index ? { ...x, likelihood: 1 } : x)) },
          },
    ];
  });
}

function candidatesOf(input: WhenInput, backlogChange: number): Candidate[] {
  const out = [...backlogCandidates(input, backlogChange), ...focusCandidates(input)];
  if (input.splitRate?.length) out.push(...splitCandidates(input.splitRate));
  if (input.team) out.push(...teamCandidates(input, input.team));
  if (input.risks?.length) out.push(...riskCandidates(input.risks));
  if (input.sCurve)
    out.push({ id: "sCurve", kind: "sCurve", side: "low", setting: null, change: {}, drop: ["sCurve"] });
  if (input.leadTimes?.length)
    out.push({ id: "leadTimes", kind: "leadTimes", side: "low", setting: null, change: {}, drop: ["leadTimes"] });
  return out;
}

/** The levels with 85 among them (when 20 levels leave no room, 85 alone). */
function withLevel(levels: number[]): number[] {
  if (levels.includes(SENSITIVITY_LEVEL)) return levels;
  return levels.length >= 20 ? [SENSITIVITY_LEVEL] : [...levels, SENSITIVITY_LEVEL].sort((a, b) => a - b);
}

/**
 * The variants of `base` (a checked "when" input with its seed): one input per factor and side,
 * each with the base's seed; those that would be invalid are skipped with the reason.
 */
export function sensitivityPlan(given: WhenInput, o: { backlogChange?: number } = {}): SensitivityPlan {
  const base = { ...given, percentiles: withLevel(given.percentiles) };
  const change = o.backlogChange ?? DEFAULT_BACKLOG_CHANGE;
  if (!(change > 0 && change < 100))
    throw new ForecastInputError("backlogChange", "backlogChange must be more than 0 and less than 100 (percent)");
  const variants: Variant[] = [];
  const skipped: SkippedVariant[] = [];
  for (const c of candidatesOf(base, change)) {
    const { change: ch, drop, ...f } = c;
    if ("invalid" in ch) {
      skipped.push({ ...f, reason: ch.invalid as string });
      continue;
    }
    const input: WhenInput = { ...base, ...ch, seed: base.seed };
    for (const k of drop ?? []) delete input[k];
    try {
      planWhen(input, SPLIT_LIMITS);
    } catch (e) {
      if (!(e instanceof ForecastInputError)) throw e;
      skipped.push({ ...f, reason: e.message });
      continue;
    }
    variants.push({ ...f, input });
  }
  return { base, variants, skipped };
}

/** What the tornado needs of a forecast.when result. */
export interface WhenOutcome {
  percentiles: Record<string, number | null>;
  dates?: Record<string, string | null>;
  maxPeriods: number;
}

export interface TornadoSide {
  setting: Setting;
  /** P85 in periods; null when not reached within maxPeriods. */
  periods: number | null;
  date: string | null;
  /** Why this side is the base's (the variant was skipped). */
  skipped?: string;
}

export interface TornadoRow extends Factor {
  low: TornadoSide;
  high: TornadoSide;
  /** |high − low| in periods (a side not reached counts as maxPeriods: the swing is at least this). */
  swingPeriods: number;
  /** The same in days: between the dates when there are dates, else periods × periodDays. */
  swingDays: number;
  /** A side did not reach P85 within maxPeriods: the swing is a lower bound. */
  atLeast: boolean;
}

export interface Tornado {
  level: number;
  base: { periods: number | null; date: string | null };
  rows: TornadoRow[];
  skipped: SkippedVariant[];
  periodDays: number;
}

/** Where each variant's result is: step 0 is the base, variant i is step i + 1. */
export interface TornadoPlan {
  periodDays: number;
  variants: (Factor & { side: Side; setting: Setting })[];
  skipped: SkippedVariant[];
  /** The base's settings per factor id (shown on a side that was skipped). */
  baseSettings: Record<string, Setting>;
}

/** The plan without the inputs (what the merge step is given). */
export function tornadoPlan(plan: SensitivityPlan): TornadoPlan {
  const b = plan.base;
  const baseSettings: Record<string, Setting> = { backlog: b.backlog, focus: b.focus ?? 1, splitRate: 1 };
  if (b.team) baseSettings.team = b.team.current;
  b.risks?.forEach((r, i) => (baseSettings[`risk:${i}`] = r.likelihood));
  return {
    periodDays: b.periodDays ?? 7,
    variants: plan.variants.map(({ input: _input, ...v }) => v),
    skipped: plan.skipped,
    baseSettings,
  };
}

const key = String(SENSITIVITY_LEVEL);

/** The tornado: per factor, P85 at low and at high, sorted by swing (largest first; ties in factor order). */
export function tornadoOf(plan: TornadoPlan, results: readonly WhenOutcome[]): Tornado {
  const base = results[0];
  if (!base) throw new ForecastInputError("results", "the base forecast's result is missing");
  const at = (r: WhenOutcome) => ({ periods: r.percentiles[key] ?? null, date: r.dates?.[key] ?? null });
  const baseAt = at(base);
  const order: string[] = [];
  const sides = new Map<string, Partial<Record<Side, TornadoSide>> & { f: Factor }>();
  const entry = (f: Factor) => {
    if (!sides.has(f.id)) {
      order.push(f.id);
      sides.set(f.id, { f: { id: f.id, kind: f.kind, ...(f.index !== undefined ? { index: f.index } : {}) } });
    }
    return sides.get(f.id)!;
  };
  plan.variants.forEach((v, i) => {
    const r = results[i + 1];
    if (!r) throw new ForecastInputError("results", `the result of variant ${v.id} (${v.side}) is missing`);
    entry(v)[v.side] = { setting: v.setting, ...at(r) };
  });
  for (const s of plan.skipped) {
    if (!sides.has(s.id)) continue; // both sides skipped: no row
    entry(s)[s.side] = { setting: plan.baseSettings[s.id] ?? null, ...baseAt, skipped: s.reason };
  }
  const baseSide = (id: string): TornadoSide => ({ setting: plan.baseSettings[id] ?? null, ...baseAt });
  const rows = order.map((id, n) => {
    const s = sides.get(id)!;
    const low = s.low ?? baseSide(id);
    const high = s.high ?? baseSide(id);
    const p = (x: TornadoSide) => x.periods ?? base.maxPeriods;
    const swingPeriods = Math.abs(p(high) - p(low));
    const swingDays =
      low.date && high.date ? Math.abs(daysBetween(low.date, high.date)) : swingPeriods * plan.periodDays;
    return {
      n,
      row: { ...s.f, low, high, swingPeriods, swingDays, atLeast: low.periods === null || high.periods === null },
    };
  });
  rows.sort((a, b) => b.row.swingPeriods - a.row.swingPeriods || b.row.swingDays - a.row.swingDays || a.n - b.n);
  return {
    level: SENSITIVITY_LEVEL,
    base: baseAt,
    rows: rows.map((r) => r.row),
    skipped: plan.skipped,
    periodDays: plan.periodDays,
  };
}
