import { describe, expect, it } from "vitest";
import { simpleReturns } from "@/domain/portfolio/returns";
import { alignOnCommonDates, highOf, momentumOf, rebased, seriesOf, weightedReturns } from "./analysis-series";

describe("the analyses' series", () => {
  const prices = [10, 12, 9, 11, 13, 6.5, 7];
  const dates = prices.map((_, i) => `2025-01-${String(i + 1).padStart(2, "0")}`);

  it("draw down from the running high of the prices (≤ 0, 0 at each new high)", () => {
    const s = seriesOf(dates, prices, simpleReturns(prices));
    let high = -Infinity;
    const expected = prices.map((p) => ((high = Math.max(high, p)), p / high - 1));
    s.drawdown.forEach((d, i) => expect(d).toBeCloseTo(expected[i]!, 12));
    expect(s.drawdown[5]).toBeCloseTo(-0.5, 12); // 6.5 against the high of 13
    expect(s.normalised[0]).toBe(100);
  });

  it("align on the dates every series has, and rebase returns to 100", () => {
    const a = [
      { date: "2025-01-01", adjClose: 1 },
      { date: "2025-01-02", adjClose: 2 },
      { date: "2025-01-03", adjClose: 3 },
    ];
    const b = [
      { date: "2025-01-03", adjClose: 30 },
      { date: "2025-01-01", adjClose: 10 },
    ];
    expect(alignOnCommonDates([a, b])).toEqual({
      dates: ["2025-01-01", "2025-01-03"],
      prices: [
        [1, 3],
        [10, 30],
      ],
    });
    expect(rebased([0.1, null, -0.5])).toEqual([100, 110.00000000000001, 110.00000000000001, 55.00000000000001]);
  });

  it("weigh returns per period, and find the 52-week high and momentum", () => {
    expect(
      weightedReturns(
        [
          [0.1, -0.2],
          [0.3, 0],
        ],
        [0.25, 0.75],
      ),
    ).toEqual([0.25 * 0.1 + 0.75 * 0.3, -0.05]);
    expect(highOf(dates, prices)).toEqual({ price: 13, date: "2025-01-05", drawdown: 7 / 13 - 1 });
    expect(momentumOf(prices)).toEqual({ m3: null, m6: null, m12: null }); // fewer than 64 prices
  });
});
