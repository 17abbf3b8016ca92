import { describe, expect, it } from "vitest";
import { addDays } from "@/domain/shared/dates";
import { matchTickers, monthsBefore, viewRangeStart } from "./market-util";

describe("market-util", () => {
  it("names the tickers a headline mentions as whole words", () => {
    const known = ["PETR4", "VALE3", "^BVSP", "ITUB4"];
    expect(matchTickers("Petrobras (PETR4) anuncia dividendos; Ibovespa (^BVSP) sobe", known)).toEqual([
      "PETR4",
      "^BVSP",
    ]);
    expect(matchTickers("PETR4.SA fecha em alta", known)).toEqual(["PETR4"]);
    expect(matchTickers("XPETR45 não é PETR4X", known)).toEqual([]);
  });

  it("moves days and months on the calendar", () => {
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(monthsBefore("2024-03-31", 1)).toBe("2024-02-29");
    expect(monthsBefore("2024-01-15", 12)).toBe("2023-01-15");
    expect(viewRangeStart("2024-06-30", "6m")).toBe("2023-12-30");
    expect(viewRangeStart("2024-06-30", "max")).toBeUndefined();
  });
});
