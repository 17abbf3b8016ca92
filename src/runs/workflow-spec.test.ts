import { describe, expect, it } from "vitest";
import { etaOf, rollUp, weightedProgress, ZWorkflowSpec } from "./workflow-spec";

const kid = (step: number, status: string, progress: number) => ({ step, status: status as never, progress });

describe("a parent's rolled-up progress and ETA", () => {
  it("weighs each step's progress: missing 0, ended 1, running its own", () => {
    expect(weightedProgress([1, 3], [])).toBe(0);
    expect(weightedProgress([1, 3], [kid(0, "succeeded", 0.2), kid(1, "running", 0.5)])).toBeCloseTo((1 + 1.5) / 4);
    expect(weightedProgress([2, 2], [kid(1, "failed", 0)])).toBe(0.5);
    const spec = ZWorkflowSpec.parse({ kind: "group", steps: [{ task: "a.b", weight: 3 }, { task: "a.c" }] });
    expect(rollUp(spec, [kid(0, "running", 1 / 3)])).toBeCloseTo(0.25);
  });

  it("projects the end from the pace so far (progress over elapsed time)", () => {
    const started = new Date(1_000_000);
    expect(etaOf(started, 0.25, 1_000_000 + 10_000)!.getTime()).toBe(1_000_000 + 40_000);
    expect(etaOf(started, 1, 1_005_000)!.getTime()).toBe(1_005_000);
    expect(etaOf(started, 0.001, 1_010_000)).toBeNull(); // no pace yet
    expect(etaOf(started, 0.5, 1_000_050)).toBeNull(); // too soon
    expect(etaOf(null, 0.5, 1_010_000)).toBeNull();
  });
});
