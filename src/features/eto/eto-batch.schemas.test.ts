/** eto.startBatch's input: one kind of place list, 1..100 places, the days as eto.start takes them. */
import { describe, expect, it } from "vitest";
import { ZEtoBatchInput } from "./eto-batch.schemas";

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const issue = (v: unknown) => ZEtoBatchInput.safeParse(v).error?.issues[0];

describe("ZEtoBatchInput", () => {
  it("takes saved locations or points with a range, continue by default", () => {
    expect(ZEtoBatchInput.parse({ locationIds: [ID(1), ID(2)], start: "2024-01-01", end: "2024-01-31" })).toMatchObject(
      { failurePolicy: "continue", method: "fao56" },
    );
    expect(ZEtoBatchInput.safeParse({ points: [{ latitude: 1, longitude: 2 }], period: "last-month" }).success).toBe(
      true,
    );
  });
  it("refuses, naming the field", () => {
    expect(issue({ lastDays: 7 })).toMatchObject({ path: ["locationIds"] });
    expect(issue({ locationIds: [ID(1)], points: [{ latitude: 1, longitude: 2 }], lastDays: 7 })?.path).toEqual([
      "points",
    ]);
    expect(issue({ locationIds: [], lastDays: 7 })?.message).toBe("locationIds must name at least one location");
    expect(issue({ locationIds: Array.from({ length: 101 }, (_, i) => ID(i)), lastDays: 7 })?.message).toBe(
      "locationIds: at most 100 locations per batch",
    );
    expect(issue({ locationIds: [ID(1), ID(1)], lastDays: 7 })?.message).toBe("locationIds must not repeat a location");
    expect(issue({ locationIds: ["x"], lastDays: 7 })?.path).toEqual(["locationIds", 0]);
    expect(issue({ points: [{ latitude: 91, longitude: 0 }], lastDays: 7 })?.path).toEqual(["points", 0, "latitude"]);
    expect(issue({ locationIds: [ID(1)], lastDays: 7, start: "2024-01-01", end: "2024-01-02" })?.path).toEqual([
      "lastDays",
    ]);
    expect(issue({ locationIds: [ID(1)], failurePolicy: "retry", lastDays: 7 })?.path).toEqual(["failurePolicy"]);
  });
});
