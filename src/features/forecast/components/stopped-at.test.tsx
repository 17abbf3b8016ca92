import { describe, expect, it } from "vitest";
import { renderInLocale } from "@/test/render-in-locale";
import { PrecisionSoFar, StoppedAtNote } from "./stopped-at";

const precision = { percentile: 85, within: 0.5, unit: "days" as const };

describe("where a forecast with a precision target stopped", () => {
  it.each([
    ["en", "Stopped at 393,216 trials: P85 known to ±0.5 days"],
    ["pt-BR", "Parou em 393.216 tentativas: P85 conhecido a ±0,5 dia"],
  ] as const)("stopped by the precision (%s)", (locale, text) => {
    const r = renderInLocale(
      locale,
      <StoppedAtNote stoppedAt={{ trials: 393_216, reason: "precision", precision: { ...precision, halfWidth: 0 } }} />,
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toContain(text);
    expect(r.html).toContain('data-reason="precision"');
  });

  it.each([
    ["en", "Used all 1,000,000 trials; P85 known to ±0.8 days (asked ±0.5 days)", "not known yet"],
    ["pt-BR", "Usou todas as 1.000.000 tentativas; P85 conhecido a ±0,8 dia (pedido ±0,5 dia)", "ainda não conhecido"],
  ] as const)("every trial used, the target not met (%s)", (locale, text, unknown) => {
    const at = (halfWidth: number | null) => ({
      trials: 1_000_000,
      reason: "trials" as const,
      precision: { ...precision, halfWidth },
    });
    const r = renderInLocale(locale, <StoppedAtNote stoppedAt={at(0.8)} />);
    expect(r.errors).toEqual([]);
    expect(r.text).toContain(text);
    expect(renderInLocale(locale, <StoppedAtNote stoppedAt={at(null)} />).text).toContain(unknown);
  });

  it("says nothing for a run without a target (or an old result)", () => {
    expect(renderInLocale("en", <StoppedAtNote stoppedAt={{ trials: 10_000, reason: "trials" }} />).html).toBe("");
    expect(renderInLocale("en", <StoppedAtNote />).html).toBe("");
  });
});

describe("a running forecast's precision so far (live partial)", () => {
  const input = { samples: [1], backlog: 10, periodDays: 7, precision: { percentile: 85, within: 3.5, unit: "days" } };

  it.each([
    ["en", "Stops when P85 is known to ±3.5 days: now ±7 days"],
    ["pt-BR", "Para quando o P85 for conhecido a ±3,5 dias: agora ±7 dias"],
  ] as const)("the interval of the level asked, in the unit asked (%s)", (locale, text) => {
    const r = renderInLocale(
      locale,
      <PrecisionSoFar input={input} estimates={{ "85": { value: 12, lower: 11, upper: 12 } }} />,
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toContain(text);
  });

  it("items for how many; not known past the cap; nothing without a target or its level", () => {
    const hm = { samples: [1], periods: 4, precision: { percentile: 85, within: 2 } };
    const at = { "85": { value: 30, lower: 27, upper: 31 } };
    expect(renderInLocale("en", <PrecisionSoFar input={hm} estimates={at} />).text).toContain(
      "known to ±2 items: now ±3 items",
    );
    const unknown = { "85": { value: 30, lower: 27, upper: null } };
    expect(renderInLocale("en", <PrecisionSoFar input={hm} estimates={unknown} />).text).toContain("not known yet");
    expect(renderInLocale("en", <PrecisionSoFar input={{ samples: [1] }} estimates={at} />).html).toBe("");
    expect(renderInLocale("en", <PrecisionSoFar input={hm} estimates={{ "50": at["85"] }} />).html).toBe("");
  });
});
