/** The batches' partial views: the label counts places / assets, the rows so far, what is missing, the CSV link. */
import { describe, expect, it } from "vitest";
import { renderInLocale } from "@/test/render-in-locale";
import { PartialResult } from "@/features/runs/ui";
import { AnalysisBatchPartialView } from "@/features/portfolio/ui";
import { EtoBatchPartialView } from "./eto-batch-partial-view";

const row = (index: number, name: string) => ({
  index,
  locationId: null,
  name,
  latitude: -12.5,
  longitude: -48.5,
  start: "2024-05-01",
  end: "2024-05-07",
  days: 7,
  totalMm: 31.25,
  meanMm: 4.46,
  minMm: 3.9,
  maxMm: 4.8,
});
const eto = {
  result: {
    kind: "etoBatch",
    places: 40,
    steps: [0, 1],
    rows: [row(0, "Palmas"), row(1, "Gurupi")],
    failed: [{ index: 2, name: "Araguaína", message: "no weather" }],
    missing: [[3, 39]],
  },
  done: { count: 12, total: 40, unit: "locations" },
  at: "2026-12-07T00:00:00.000Z",
  final: true,
};
const EtoView = ({ partial }: { partial: { result: unknown } }) => <EtoBatchPartialView result={partial.result} />;

describe("an ETo batch's partial result", () => {
  it.each([
    ["en", "Cancelled after 12 of 40 locations", "Still missing: 4–40", "31.3"],
    ["pt-BR", "Cancelada após 12 de 40 locais", "Ainda faltam: 4–40", "31,3"],
  ] as const)(
    "cancelled: labelled, its rows, what failed and what is missing (%s)",
    (locale, label, missing, total) => {
      const r = renderInLocale(
        locale,
        <PartialResult task="workflow.chord" input={{}} partial={eto} status="cancelled" View={EtoView} />,
      );
      expect(r.errors).toEqual([]);
      expect(r.text).toContain(label);
      expect(r.text).toContain(missing);
      expect(r.text).toContain("Palmas");
      expect(r.text).toContain("Gurupi");
      expect(r.text).toContain(total);
      expect(r.text).toContain("Araguaína");
      expect(r.html.match(/data-testid="batch-partial-row"/g)).toHaveLength(2);
    },
  );

  it("while running: so far, and nothing for a result that is not a batch's", () => {
    const r = renderInLocale(
      "en",
      <PartialResult
        task="workflow.chord"
        input={{}}
        partial={{ ...eto, final: false }}
        status="running"
        View={EtoView}
      />,
    );
    expect(r.text).toContain("12 of 40 locations so far");
    const other = renderInLocale("en", <EtoBatchPartialView result={{ kind: "x" }} />);
    expect(other.html).toBe("");
  });
});

describe("an analysis batch's partial result", () => {
  it.each([
    ["en", "Cancelled after 1 of 3 assets", "Still missing: ITUB4"],
    ["pt-BR", "Cancelada após 1 de 3 ativos", "Ainda faltam: ITUB4"],
  ] as const)("labelled, the assets' metrics, the missing tickers (%s)", (locale, label, missing) => {
    const partial = {
      result: {
        kind: "analysisBatch",
        assets: 3,
        steps: [0],
        rows: [
          { ticker: "PETR4", name: null, annualReturn: 0.12, annualVolatility: 0.3, sharpe: 0.8, maxDrawdown: -0.4 },
        ],
        failed: [{ ticker: "VALE3", message: "too few prices" }],
        missing: ["ITUB4"],
      },
      done: { count: 1, total: 3, unit: "assets" },
      at: "2026-12-07T00:00:00.000Z",
      final: true,
    };
    const View = ({ partial: p }: { partial: { result: unknown } }) => <AnalysisBatchPartialView result={p.result} />;
    const r = renderInLocale(
      locale,
      <PartialResult task="workflow.chord" input={{}} partial={partial} status="cancelled" View={View} />,
    );
    expect(r.errors).toEqual([]);
    expect(r.text).toContain(label);
    expect(r.text).toContain(missing);
    expect(r.text).toContain("PETR4");
    expect(r.text).toContain("VALE3: too few prices");
  });
});
