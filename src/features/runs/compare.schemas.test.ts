import { describe, expect, it } from "vitest";
import { splitIds, ZCompareRunsInput } from "./compare.schemas";
import { pickState } from "./components/compare-pick";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const C = "33333333-3333-4333-8333-333333333333";
const D = "44444444-4444-4444-8444-444444444444";
const E = "55555555-5555-4555-8555-555555555555";

const issues = (v: unknown) => {
  const r = ZCompareRunsInput.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("which runs a comparison takes", () => {
  it("splits a URL's list, dropping blanks and spaces", () => {
    expect(splitIds(` ${A}, ${B},,`)).toEqual([A, B]);
    expect(splitIds("")).toEqual([]);
  });

  it("takes 2 to 4 distinct run ids, lower-cased", () => {
    expect(ZCompareRunsInput.parse({ ids: [A.toUpperCase(), B] }).ids).toEqual([A, B]);
    expect(ZCompareRunsInput.parse({ ids: [A, B, C, D] }).ids).toHaveLength(4);
  });

  it("names ids and the limit when there are too few, too many, repeats or non-ids", () => {
    expect(issues({ ids: [A] })).toEqual([{ path: "ids", message: "ids must list at least 2 runs" }]);
    expect(issues({ ids: [A, B, C, D, E] })).toEqual([{ path: "ids", message: "ids must list at most 4 runs" }]);
    expect(issues({ ids: [A, A.toUpperCase()] })).toEqual([{ path: "ids", message: "ids must not name a run twice" }]);
    expect(issues({ ids: [A, "nope"] })).toEqual([{ path: "ids.1", message: "ids must be run ids (UUID)" }]);
    expect(issues({ ids: "nope" })[0]?.path).toBe("ids");
  });
});

describe("picking runs to compare in the list", () => {
  it("is ready for 2 to 4 runs of one task, in the order picked, and otherwise says why", () => {
    const when = (id: string) => ({ id, task: "forecast.when" });
    expect(pickState([])).toEqual({ href: null, reason: "pickHint" });
    expect(pickState([when(A)])).toEqual({ href: null, reason: "pickHint" });
    expect(pickState([when(B), when(A)])).toEqual({ href: `/runs/compare?ids=${B},${A}`, reason: null });
    expect(pickState([when(A), { id: B, task: "eto.compute" }])).toEqual({ href: null, reason: "mixedTasks" });
    expect(pickState([A, B, C, D, E].map(when))).toEqual({ href: null, reason: "tooMany" });
  });
});
