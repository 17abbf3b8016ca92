/** eto.startBatch's input: one kind of place list, 1..10,000 places, the days as eto.start takes them, a bounded chunk size. */
import { describe, expect, it } from "vitest";
import { MAX_WORKFLOW_STEPS } from "@/runs/workflow";
import { ETO_BATCH_LIMITS, ZEtoBatchInput } from "./eto-batch.schemas";

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const issue = (v: unknown) => ZEtoBatchInput.safeParse(v).error?.issues[0];

describe("ZEtoBatchInput", () => {
  it("takes saved locations or points with a range, continue by default", () => {
    expect(ZEtoBatchInput.parse({ locationIds: [ID(1), ID(2)], start: "2024-01-01", end: "2024-01-31" })).toMatchObject(
      { failurePolicy: "continue", method: "fao56", chunkSize: 50 },
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
    expect(issue({ locationIds: Array.from({ length: 10_001 }, (_, i) => ID(i)), lastDays: 7 })?.message).toBe(
      "locationIds: at most 10,000 locations per batch",
    );
    expect(issue({ locationIds: [ID(1), ID(1)], lastDays: 7 })?.message).toBe("locationIds must not repeat a location");
    expect(issue({ locationIds: ["x"], lastDays: 7 })?.path).toEqual(["locationIds", 0]);
    expect(issue({ points: [{ latitude: 91, longitude: 0 }], lastDays: 7 })?.path).toEqual(["points", 0, "latitude"]);
    expect(issue({ locationIds: [ID(1)], lastDays: 7, start: "2024-01-01", end: "2024-01-02" })?.path).toEqual([
      "lastDays",
    ]);
    expect(issue({ locationIds: [ID(1)], failurePolicy: "retry", lastDays: 7 })?.path).toEqual(["failurePolicy"]);
  });
  it("takes 10,000 places in chunks of 50 (200 runs), and bounds the chunk size and the number of chunks", () => {
    const points = Array.from({ length: 10_000 }, (_, i) => ({ latitude: -30 + i / 1000, longitude: -50 }));
    expect(ZEtoBatchInput.parse({ points, lastDays: 1 }).chunkSize).toBe(50);
    expect(ZEtoBatchInput.safeParse({ points, lastDays: 1, chunkSize: 200 }).success).toBe(true);
    for (const chunkSize of [0, 201, 2.5, -1])
      expect(issue({ points: points.slice(0, 3), lastDays: 1, chunkSize })).toMatchObject({
        path: ["chunkSize"],
        message: "chunkSize must be a whole number within 1..200",
      });
    expect(issue({ points: points.slice(0, 3), lastDays: 1, chunkSize: "50" })?.path).toEqual(["chunkSize"]);
    expect(issue({ points, lastDays: 1, chunkSize: 20 })).toMatchObject({
      path: ["chunkSize"],
      message:
        "chunkSize: 10000 places in chunks of at most 20 make 500 runs; at most 499 per batch (chunkSize 21 or more)",
    });
    expect(ZEtoBatchInput.safeParse({ points, lastDays: 1, chunkSize: 21 }).success).toBe(true);
    expect(ETO_BATCH_LIMITS.maxChunks).toBe(MAX_WORKFLOW_STEPS - 1); // one step is the merge
  });
});
