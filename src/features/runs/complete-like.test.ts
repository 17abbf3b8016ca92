import { describe, expect, it } from "vitest";
import { completeLike } from "./complete-like";

let draws = 0;
/** Like the forecasts' hook: defaults, and a seed drawn when none is given. */
const complete = (v: unknown) => {
  const o = v as { backlog: number; trials?: number; seed?: number };
  return { trials: 1000, ...o, seed: o.seed ?? 1000 + draws++ };
};

describe("completeLike", () => {
  it("gives a drawn field the earlier run's value when the caller left it out", () => {
    const earlier = complete({ backlog: 5 });
    expect(completeLike(complete, { backlog: 5 }, earlier)).toEqual(earlier);
  });

  it("keeps a different input different (a default is not borrowed, a given seed is kept)", () => {
    const earlier = complete({ backlog: 5, trials: 50 });
    expect(completeLike(complete, { backlog: 5 }, earlier)).toMatchObject({ trials: 1000, seed: earlier.seed });
    expect(completeLike(complete, { backlog: 6 }, earlier)).toMatchObject({ backlog: 6 });
    expect(completeLike(complete, { backlog: 5, seed: 3 }, earlier)).toMatchObject({ seed: 3 });
  });

  it("is the plain completion without an earlier input, or for a hook that draws nothing", () => {
    expect(completeLike((v) => ({ ...(v as object), x: 1 }), { a: 1 }, { a: 1, x: 2 })).toEqual({ a: 1, x: 1 });
    expect(completeLike(complete, { backlog: 5 }, undefined)).toMatchObject({ backlog: 5, trials: 1000 });
  });
});
