import { describe, expect, it } from "vitest";
import { renderInLocale } from "@/test/render-in-locale";
import { InputsDiff, OutputsTable } from "./compare-tables";

const inputs = [
  { path: "backlog", values: [30, 60], changed: true },
  { path: "seed", values: [7, 7], changed: false },
];
const outputs = [
  {
    key: "periods.P85",
    name: "periods",
    of: "P85",
    label: "P85 (periods)",
    kind: "number" as const,
    values: [12, 20],
    deltas: [null, 8],
  },
  {
    key: "date.P85",
    name: "date",
    of: "P85",
    label: "P85 date",
    kind: "date" as const,
    values: ["2027-01-04", "2026-12-28"],
    deltas: [null, -7],
  },
  {
    key: "probability",
    name: "probability",
    label: "Chance by the deadline",
    kind: "number" as const,
    unit: "fraction",
    values: [0.5, 0.625],
    deltas: [null, 0.125],
  },
];

describe("the comparison's tables", () => {
  it.each(["en", "pt-BR"] as const)("shows only the changed input fields at first, highlighted (%s)", (locale) => {
    const r = renderInLocale(locale, <InputsDiff inputs={inputs} runs={2} />);
    expect(r.errors).toEqual([]);
    expect(r.html).toMatch(/data-field="backlog" data-changed="true" class="bg-amber-50"/);
    expect(r.html).not.toContain('data-field="seed"');
    expect(r.text).toContain(locale === "en" ? "1 field differs (of 2)" : "1 campo difere (de 2)");
    expect(r.text).toContain(locale === "en" ? "Show unchanged fields" : "Mostrar campos iguais");
  });

  it.each(["en", "pt-BR"] as const)("puts outputs side by side with signed, coloured deltas (%s)", (locale) => {
    const r = renderInLocale(locale, <OutputsTable outputs={outputs} runs={2} />);
    expect(r.errors).toEqual([]);
    expect(r.text).toContain(locale === "en" ? "P85 (periods)" : "P85 (períodos)");
    expect(r.html).toMatch(/text-emerald-700[^"]*"[^>]*>\+8</);
    expect(r.html).toMatch(/text-red-700[^"]*"[^>]*>-7 d</);
    expect(r.text).toContain(locale === "en" ? "+12.5 pp" : "+12,5 p.p.");
    expect(r.text).toContain(locale === "en" ? "62.5%" : "62,5%");
  });
});
