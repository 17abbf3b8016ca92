/** The sensitivity result: the factors in the tornado's order with their settings, P85 dates and swing, in en and pt-BR. */
import { describe, expect, it } from "vitest";
import { renderInLocale } from "@/test/render-in-locale";
import type { TForecastSensitivityResult } from "../sensitivity.output";
import { isSensitivityRun } from "../sensitivity.schemas";
import { daysFromBase } from "./sensitivity-chart";
import { SensitivityResult } from "./sensitivity-result";

const side = (
  setting: TForecastSensitivityResult["rows"][number]["low"]["setting"],
  periods: number | null,
  date: string | null,
) => ({
  setting,
  periods,
  date,
});
const RESULT: TForecastSensitivityResult = {
  level: 85,
  base: { periods: 12, date: "2026-03-30" },
  rows: [
    {
      id: "risk:0",
      kind: "risk",
      index: 0,
      low: side(0, 11, "2026-03-23"),
      high: side(1, 16, "2026-04-27"),
      swingPeriods: 5,
      swingDays: 35,
      atLeast: false,
    },
    {
      id: "backlog",
      kind: "backlog",
      low: side(48, 10, "2026-03-16"),
      high: side(72, 14, "2026-04-13"),
      swingPeriods: 4,
      swingDays: 28,
      atLeast: false,
    },
    {
      id: "focus",
      kind: "focus",
      low: side(0.9, 13, "2026-04-06"),
      high: { ...side(1, 12, "2026-03-30"), skipped: "focus 1 + 0.1 is more than 1" },
      swingPeriods: 1,
      swingDays: 7,
      atLeast: false,
    },
  ],
  skipped: [{ id: "focus", kind: "focus", side: "high", setting: 1.1, reason: "focus 1 + 0.1 is more than 1" }],
  periodDays: 7,
  seed: 7,
  trials: 5000,
  backlogChange: 20,
};

describe("SensitivityResult", () => {
  it.each([
    [
      "en",
      "Risk 1 (off / certain)",
      "off → 2026-03-23",
      "certain → 2026-04-27",
      "Backlog (± 20 %)",
      "90% → 2026-04-06",
      "1 variant not run",
    ],
    [
      "pt-BR",
      "Risco 1 (desligado / certo)",
      "desligado → 23/03/2026",
      "certo → 27/04/2026",
      "Backlog (± 20 %)",
      "90% → 06/04/2026",
      "1 variante não rodada",
    ],
  ] as const)(
    "lists the factors by swing with their settings and dates (%s)",
    (locale, risk, off, on, backlog, focus, skipped) => {
      const r = renderInLocale(locale, <SensitivityResult result={RESULT} />);
      expect(r.errors).toEqual([]);
      for (const s of [risk, off, on, backlog, focus, skipped]) expect(r.text).toContain(s);
      const order = ["risk:0", "backlog", "focus"].map((id) => r.html.indexOf(`data-factor="${id}"`));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(r.text).toMatch(/48 → \S+ .*72 → /);
    },
  );

  it("says a result of another shape is not a result, and knows a sensitivity run by its last step", () => {
    expect(renderInLocale("en", <SensitivityResult result={{ rows: 3 }} />).html).not.toContain("sensitivity-table");
    expect(isSensitivityRun("workflow.chord", { callback: { task: "forecast.sensitivityMerge" } })).toBe(true);
    expect(isSensitivityRun("workflow.chord", { callback: { task: "eto.mergeBatch" } })).toBe(false);
    expect(isSensitivityRun("forecast.when", { callback: { task: "forecast.sensitivityMerge" } })).toBe(false);
  });

  it("puts each side's bar at its days from the base P85 (dates, else periods × period length)", () => {
    const row = RESULT.rows[1]!;
    expect(daysFromBase(RESULT, row.low)).toBe(-14);
    expect(daysFromBase(RESULT, row.high)).toBe(14);
    const noDates = { ...RESULT, base: { periods: 12, date: null } };
    expect(daysFromBase(noDates, side(72, 14, null))).toBe(14);
    expect(daysFromBase(noDates, side(72, null, null))).toBeNull();
  });
});
