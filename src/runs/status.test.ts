import { describe, expect, it } from "vitest";
import {
  IllegalTransitionError,
  RUN_STATUSES,
  assertTransition,
  canTransition,
  isTerminal,
  sourcesOf,
  type RunStatus,
} from "./status";

const legal: Array<[RunStatus, RunStatus]> = [
  ["queued", "running"],
  ["queued", "cancelled"],
  ["queued", "cancelling"],
  ["scheduled", "running"],
  ["scheduled", "cancelled"],
  ["scheduled", "cancelling"],
  ["running", "succeeded"],
  ["running", "retrying"],
  ["retrying", "running"],
  ["running", "failed"],
  ["running", "dead"],
  ["running", "cancelling"],
  ["cancelling", "cancelled"],
  ["retrying", "cancelled"],
  ["retrying", "cancelling"],
  ["failed", "queued"],
  ["dead", "queued"],
];

describe("run status machine", () => {
  it.each(legal)("allows %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it("refuses every transition not in the legal list", () => {
    const legalSet = new Set(legal.map(([a, b]) => `${a}>${b}`));
    let refused = 0;
    for (const from of RUN_STATUSES)
      for (const to of RUN_STATUSES) {
        if (legalSet.has(`${from}>${to}`)) continue;
        expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
        expect(() => assertTransition(from, to)).toThrow(IllegalTransitionError);
        refused++;
      }
    expect(refused).toBe(RUN_STATUSES.length ** 2 - legal.length);
  });

  it("names both ends in the error", () => {
    expect(() => assertTransition("succeeded", "running")).toThrow("succeeded → running");
    expect(() => assertTransition("queued", "succeeded")).toThrow(/queued → succeeded/);
  });

  it("has no way out of succeeded or cancelled, and redrive out of failed and dead", () => {
    expect(RUN_STATUSES.filter((s) => canTransition("succeeded", s))).toEqual([]);
    expect(RUN_STATUSES.filter((s) => canTransition("cancelled", s))).toEqual([]);
    expect(RUN_STATUSES.filter((s) => canTransition("dead", s))).toEqual(["queued"]);
    expect(["succeeded", "failed", "cancelled", "dead"].every((s) => isTerminal(s as RunStatus))).toBe(true);
    expect(isTerminal("running")).toBe(false);
    expect(isTerminal("cancelling")).toBe(false);
  });

  it("lists the sources of a status for compare-and-set updates", () => {
    expect(sourcesOf("running").sort()).toEqual(["queued", "retrying", "scheduled"]);
    expect(sourcesOf("cancelled").sort()).toEqual(["cancelling", "queued", "retrying", "scheduled"]);
  });
});
