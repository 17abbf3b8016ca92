import { describe, expect, it } from "vitest";
import { makePortfolioFormat } from "./portfolio-format";

// Intl puts a (narrow) no-break space in some outputs; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("makePortfolioFormat", () => {
  const en = makePortfolioFormat("en");
  const pt = makePortfolioFormat("pt-BR");

  it("formats fractions as percentages per locale", () => {
    expect(en.pct(0.12345)).toBe("12.35%");
    expect(pt.pct(0.12345)).toBe("12,35%");
    expect(pt.pct(-0.25, 1)).toBe("-25,0%");
    expect(en.signedPct(0.031, 1)).toBe("+3.1%");
    expect(en.signedPct(0)).toBe("0.00%");
  });

  it("formats BRL money per locale", () => {
    expect(plain(pt.money(1234.5))).toBe("R$ 1.234,50");
    expect(en.money(1234.5)).toBe("R$1,234.50");
    expect(plain(pt.compactMoney(2_500_000_000))).toMatch(/^R\$ 2,5 bi/);
  });

  it("formats ratios with fixed decimals", () => {
    expect(en.ratio(1.23456)).toBe("1.23");
    expect(pt.ratio(1.23456, 3)).toBe("1,235");
  });

  it("shows a dash for missing or non-finite values", () => {
    for (const v of [null, undefined, NaN, Infinity]) {
      expect(en.pct(v)).toBe("—");
      expect(pt.money(v)).toBe("—");
      expect(en.ratio(v)).toBe("—");
    }
  });

  it("formats calendar days without shifting them", () => {
    expect(pt.shortDay("2024-03-01")).toBe("01/03/24");
    expect(en.shortDay("2024-03-01")).toBe("03/01/24");
    expect(pt.day("2024-01-01")).toMatch(/^1 de jan\.? de 2024$/);
    expect(en.day("2024-01-01")).toBe("Jan 1, 2024");
    expect(en.day(null)).toBe("—");
  });

  it("formats instants in America/Sao_Paulo", () => {
    // 02:30 UTC is 23:30 the day before in São Paulo (UTC−3).
    expect(plain(pt.instant("2026-11-26T02:30:00Z"))).toBe("25 de nov. de 2026, 23:30");
    expect(plain(en.instant("2026-11-26T02:30:00Z"))).toBe("Nov 25, 2026, 11:30 PM");
  });
});
