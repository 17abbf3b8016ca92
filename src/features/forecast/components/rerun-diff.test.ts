import { describe, expect, it } from "vitest";
import { changesFrom, normalizedInput } from "@/components/form/rerun-diff";
import { howManyFromInput, howManySpec } from "./how-many-spec";
import { whenFromInput, whenSpec, type WhenValues } from "./when-spec";

const m = { notANumber: (t: string) => `“${t}” is not a number`, likelihood: "0–100", targetDate: "after start" };

/** A forecast.when input as a run stores it: completed with its defaults and a drawn seed. */
const stored = {
  samples: [3, 5, 4, 6, 2],
  backlog: 30,
  trials: 10_000,
  seed: 123_456,
  percentiles: [50, 70, 85, 95],
  startDate: "2026-12-07",
  periodDays: 7,
  skipWeekends: false,
};

describe("edit and rerun: the form's changes from its origin run (forecast.when)", () => {
  const spec = whenSpec(m);
  const origin = whenFromInput(stored)!;

  it("lists nothing for the values the run was prefilled with, though the form fills defaults the input lacks", () => {
    expect(origin).not.toBeNull();
    expect(changesFrom(spec, origin, { ...origin })).toEqual([]);
    // The prefilled form stands for the run's own input (its seed too: a rerun is reproducible).
    expect(normalizedInput(spec, origin)).toMatchObject({ backlog: 30, seed: 123_456, samples: [3, 5, 4, 6, 2] });
  });

  it("lists the backlog changed, old → new, and nothing else", () => {
    const edited: WhenValues = { ...origin, backlog: "45" };
    expect(changesFrom(spec, origin, edited)).toEqual([{ path: "backlog", values: [30, 45], changed: true }]);
  });

  it("lists each changed field once: a list as a whole, a range backlog by its ends, a new risk by its fields", () => {
    const edited: WhenValues = {
      ...origin,
      samples: "3, 5, 4, 6, 2, 8",
      backlogIsRange: true,
      backlogMin: "25",
      backlogMax: "40",
      risks: [{ likelihood: "50", low: "1", mode: "2", high: "4" }],
    };
    const changes = changesFrom(spec, origin, edited);
    expect(changes.map((c) => c.path)).toEqual([
      "backlog",
      "risks[0].high",
      "risks[0].likelihood",
      "risks[0].low",
      "risks[0].mode",
      "samples",
    ]);
    expect(changes[0]?.values).toEqual([30, { min: 25, max: 40 }]);
    expect(changes.find((c) => c.path === "risks[0].likelihood")?.values).toEqual([undefined, 0.5]);
    expect(changes.find((c) => c.path === "samples")?.values).toEqual([
      [3, 5, 4, 6, 2],
      [3, 5, 4, 6, 2, 8],
    ]);
  });

  it("compares a form that does not parse yet by what it would send", () => {
    const edited: WhenValues = { ...origin, backlog: "" };
    expect(changesFrom(spec, origin, edited)).toEqual([{ path: "backlog", values: [30, undefined], changed: true }]);
  });

  it("works for another tab's spec (how many: periods)", () => {
    const hm = howManyFromInput({ samples: [2, 3], periods: 10, trials: 10_000, seed: 1, percentiles: [50, 85] })!;
    expect(changesFrom(howManySpec(m), hm, { ...hm, periods: "12" })).toEqual([
      { path: "periods", values: [10, 12], changed: true },
    ]);
  });
});
