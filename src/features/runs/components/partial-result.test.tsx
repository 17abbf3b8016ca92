import { describe, expect, it } from "vitest";
import { renderInLocale } from "@/test/render-in-locale";
import { PartialResult } from "./partial-result";
import { HowManyPartialView, WhenPartialView } from "@/features/forecast/components/when-partial";

const partial = {
  result: {
    percentiles: { "85": { value: 12, lower: 11, upper: 13 } },
    trials: 3_200_000,
  },
  done: { count: 3_200_000, total: 10_000_000, unit: "trials" },
  at: "2026-12-07T00:00:00.000Z",
  final: true,
};

describe("a run's partial result, labelled", () => {
  it.each([
    ["en", "Cancelled after 3.2M of 10M trials", "Not the full result", "P85: 12 weeks (11–13)"],
    ["pt-BR", "Cancelada após 3,2 mi de 10 mi de tentativas", "Não é o resultado completo", "P85: 12 semanas (11–13)"],
  ] as const)("says how much was done when the run ended without a result (%s)", (locale, done, notFull, p85) => {
    const r = renderInLocale(
      locale,
      <PartialResult
        task="forecast.when"
        input={{ periodDays: 7 }}
        partial={partial}
        status="cancelled"
        View={WhenPartialView}
      />,
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toContain(done);
    expect(r.text).toContain(notFull);
    expect(r.text).toContain(p85);
  });

  it("while running: how much so far, and the task's own view (or JSON without one)", () => {
    const r = renderInLocale(
      "en",
      <PartialResult task="x.y" input={{}} partial={{ ...partial, final: false }} status="running" />,
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toContain("3.2M of 10M trials so far");
    expect(r.text).not.toContain("Cancelled");
    expect(r.text).toContain("&quot;trials&quot;: 3200000");
  });

  it("deadline risk: the chance so far, then each level's scope with its interval (pt-BR)", () => {
    const r = renderInLocale(
      "pt-BR",
      <HowManyPartialView
        input={{}}
        partial={{
          ...partial,
          result: {
            probability: 0.625,
            percentiles: { "85": { value: 1200, lower: 1190, upper: 1210 } },
            trials: 65_536,
          },
        }}
      />,
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toContain("Chance de concluir até o prazo, até agora: 62,5");
    expect(r.text).toContain("P85: 1.200 (1.190–1.210)");
  });
});
