/** The offline demo provider and its seeded model. */
import { describe, expect, it } from "vitest";
import { demoBars, demoSpec, seededNormal } from "@/domain/portfolio/demo-model";
import { createDemoProvider, DEMO_ASSETS, UnknownTickerError } from "./index";

const NOW = new Date("2026-11-26T15:00:00Z");
const demo = createDemoProvider({ now: () => NOW });
const logReturns = (xs: number[]) => xs.slice(1).map((x, i) => Math.log(x / xs[i]!));
const corr = (a: number[], b: number[]) => {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let sab = 0,
    saa = 0,
    sbb = 0;
  a.forEach((x, i) => {
    sab += (x - ma) * (b[i]! - mb);
    saa += (x - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
};

describe("demo provider", () => {
  it("has about 12 B3-like tickers and ^BVSP, every name labelled (demo)", () => {
    expect(DEMO_ASSETS.map((a) => a.ticker)).toEqual([
      "PETR4",
      "VALE3",
      "ITUB4",
      "BBDC4",
      "ABEV3",
      "WEGE3",
      "MGLU3",
      "BBAS3",
      "RENT3",
      "SUZB3",
      "ELET3",
      "B3SA3",
      "^BVSP",
    ]);
    for (const a of DEMO_ASSETS) expect(a.name).toMatch(/\(demo\)$/);
  });

  it("gives ~10 years of business days, ascending, positive, consistent OHLC", async () => {
    const h = await demo.history("petr4.sa", { range: "10y" });
    expect(h).toMatchObject({ ticker: "PETR4", currency: "BRL", source: "demo", sector: "Energy" });
    expect(h.name).toMatch(/\(demo\)/);
    expect(h.bars.length).toBeGreaterThan(2400);
    expect(h.bars[0]!.date >= "2016-11-25").toBe(true);
    expect(h.bars.at(-1)!.date).toBe("2026-11-26");
    expect(h.lastPrice).toBe(h.bars.at(-1)!.close);
    for (let i = 0; i < h.bars.length; i++) {
      const b = h.bars[i]!;
      const wd = new Date(`${b.date}T00:00:00Z`).getUTCDay();
      expect(wd === 0 || wd === 6).toBe(false);
      expect(b.adjClose).toBeGreaterThan(0);
      expect(b.high!).toBeGreaterThanOrEqual(Math.max(b.open!, b.close!));
      expect(b.low!).toBeLessThanOrEqual(Math.min(b.open!, b.close!));
      if (i) expect(b.date > h.bars[i - 1]!.date).toBe(true);
    }
    expect(h.bars.some((b) => b.date.endsWith("-12-25"))).toBe(false);
    expect((await demo.history("PETR4", { range: "max" })).bars[0]!.date).toBe("2014-01-02");
  });

  it("is a pure function of ticker and dates: a sub-range is a slice, a fresh RNG gives the same numbers", async () => {
    const all = await demo.history("VALE3", { start: "2020-01-01", end: "2020-12-31" });
    const part = await demo.history("VALE3", { start: "2020-06-01", end: "2020-06-30" });
    expect(part.bars).toEqual(all.bars.filter((b) => b.date >= "2020-06-01" && b.date <= "2020-06-30"));
    const fresh = createDemoProvider({ now: () => NOW, noise: seededNormal() });
    expect((await fresh.history("VALE3", { start: "2020-06-01", end: "2020-06-30" })).bars).toEqual(part.bars);
    const other = demoBars(demoSpec("VALE3")!, "2020-06-01", "2020-06-30", seededNormal(7));
    expect(other.map((b) => b.close)).not.toEqual(part.bars.map((b) => b.close));
    // Tickers differ from each other.
    const itub = await demo.history("ITUB4", { start: "2020-06-01", end: "2020-06-30" });
    expect(itub.bars.map((b) => b.close)).not.toEqual(part.bars.map((b) => b.close));
  });

  it("correlates through the market and sector factors, with vols near the model's", async () => {
    const get = async (t: string) =>
      logReturns((await demo.history(t, { start: "2016-01-01", end: "2025-12-31" })).bars.map((b) => b.adjClose));
    const [itub, bbdc, bvsp, mglu] = await Promise.all(["ITUB4", "BBDC4", "^BVSP", "MGLU3"].map(get));
    const sameSector = corr(itub!, bbdc!);
    const otherSector = corr(itub!, mglu!);
    expect(sameSector).toBeGreaterThan(0.5);
    expect(sameSector).toBeGreaterThan(otherSector + 0.1);
    expect(corr(itub!, bvsp!)).toBeGreaterThan(0.4);
    const annVol = (r: number[]) => {
      const m = r.reduce((s, x) => s + x, 0) / r.length;
      return Math.sqrt((r.reduce((s, x) => s + (x - m) ** 2, 0) / (r.length - 1)) * 252);
    };
    expect(annVol(itub!)).toBeGreaterThan(0.2);
    expect(annVol(itub!)).toBeLessThan(0.3);
    expect(annVol(bvsp!)).toBeGreaterThan(0.17);
    expect(annVol(bvsp!)).toBeLessThan(0.23);
  });

  it("has model fundamentals (none for the index) and refuses an unknown ticker naming it", async () => {
    const f = await demo.fundamentals(["PETR4", "^BVSP", "XXXX3"]);
    expect(Object.keys(f)).toEqual(["PETR4", "^BVSP"]);
    const h = await demo.history("PETR4", { range: "1mo" });
    expect(f.PETR4).toEqual({
      priceEarnings: 4.1,
      earningsPerShare: Math.round((h.lastPrice! / 4.1) * 10_000) / 10_000,
      dividendYield: 0.12,
      marketCap: Math.round(h.lastPrice! * 13.0e9),
    });
    expect(f["^BVSP"]).toEqual({ priceEarnings: null, earningsPerShare: null, dividendYield: null, marketCap: null });
    const e = await demo.history("XXXX3", { range: "1y" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnknownTickerError);
    expect((e as UnknownTickerError).message).toMatch(/^demo: unknown ticker XXXX3: not in the demo data set/);
  });
});
