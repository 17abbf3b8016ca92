import { describe, expect, it } from "vitest";
import { changedFields, diffFields, sameValue } from "./field-diff";

describe("diffFields", () => {
  it("lists every leaf path and flags the ones that differ", () => {
    const a = { backlog: 100, samples: [3, 4, 5], options: { trials: 10000, seed: 1 } };
    const b = { backlog: 120, samples: [3, 4, 5], options: { trials: 10000, seed: 1 } };
    expect(diffFields([a, b])).toEqual([
      { path: "backlog", values: [100, 120], changed: true },
      { path: "options.seed", values: [1, 1], changed: false },
      { path: "options.trials", values: [10000, 10000], changed: false },
      {
        path: "samples",
        values: [
          [3, 4, 5],
          [3, 4, 5],
        ],
        changed: false,
      },
    ]);
  });

  it("treats a scalar array as one leaf and walks arrays of objects by index", () => {
    const a = { samples: [1, 2], risks: [{ p: 0.2, impact: 3 }] };
    const b = {
      samples: [1, 2, 3],
      risks: [
        { p: 0.3, impact: 3 },
        { p: 0.1, impact: 1 },
      ],
    };
    expect(changedFields([a, b]).map((d) => d.path)).toEqual([
      "risks[0].p",
      "risks[1].impact",
      "risks[1].p",
      "samples",
    ]);
  });

  it("shows a field only one side has as undefined on the other", () => {
    const d = changedFields([{ a: 1 }, { a: 1, precision: { percentile: 85 } }]);
    expect(d).toEqual([{ path: "precision.percentile", values: [undefined, 85], changed: true }]);
  });

  it("compares up to four values and flags a field when any differs", () => {
    const d = diffFields([{ x: 1 }, { x: 1 }, { x: 2 }, { x: 1 }]);
    expect(d).toEqual([{ path: "x", values: [1, 1, 2, 1], changed: true }]);
  });

  it("ignores key order and needs two values", () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: "1" })).toBe(false);
    expect(() => diffFields([{}])).toThrow(/at least 2/);
  });
});
