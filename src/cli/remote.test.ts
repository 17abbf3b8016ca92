import { describe, expect, it } from "vitest";
import { follow, partialLine, progressLine } from "./remote";
import type { CliIo } from "./io";

describe("the terminal progress bar", () => {
  it("fills in proportion, floors the percent and shows stage and message", () => {
    expect(progressLine(0.42, "simulating", "4,200,000 of 10,000,000", 10)).toBe(
      "[####------]  42 % simulating — 4,200,000 of 10,000,000",
    );
    expect(progressLine(1, "succeeded", null, 4)).toBe("[####] 100 % succeeded");
  });
  it("clamps nonsense to an empty or full bar", () => {
    expect(progressLine(-3, null, null, 4)).toBe("[----]   0 %");
    expect(progressLine(7, null, null, 4)).toBe("[####] 100 %");
    expect(progressLine(Number.NaN, null, null, 4)).toBe("[----]   0 %");
  });
});

describe("partial results while waiting", () => {
  it("sums up a partial result: how much was done, and percentiles with their intervals", () => {
    expect(
      partialLine({
        done: { count: 3_200_000, total: 10_000_000, unit: "trials" },
        result: {
          percentiles: { "50": { value: 10, lower: 9, upper: 11 }, "85": { value: 12, lower: 11, upper: null } },
        },
      }),
    ).toBe("partial · 3.2M of 10M trials · P50 10 (9–11) · P85 12 (11–—)");
    expect(partialLine({ result: { rows: 3 } })).toBe("partial");
  });

  it("follow keeps the last partial on screen when the run ends without a result", async () => {
    const frames = [
      `id: 2\ndata: ${JSON.stringify({ type: "status", status: "running", progress: 0 })}\n\n`,
      `id: 3\nevent: partial\ndata: ${JSON.stringify({ type: "partial", done: { count: 1, total: 4, unit: "steps" }, result: 1 })}\n\n`,
      `id: 4\nevent: partial\ndata: ${JSON.stringify({ type: "partial", done: { count: 2, total: 4, unit: "steps" }, result: 2, final: true })}\n\n`,
      `id: 5\ndata: ${JSON.stringify({ type: "status", status: "cancelled", progress: 0.5 })}\n\n`,
    ];
    const err: string[] = [];
    const io = {
      err: (t: string) => void err.push(t),
      errIsTTY: false,
      sleep: async () => {},
      fetch: async () => new Response(frames.join(""), { headers: { "content-type": "text/event-stream" } }),
    } as unknown as CliIo;
    await follow(io, { url: "http://x", token: "t" }, "run-1");
    expect(err.join("")).toBe("cancelled; last partial · 2 of 4 steps\n");
  });
});
