import { describe, expect, it } from "vitest";
import { ZEnv } from "@/env";

/** The messages ZEnv gives for `vars` (path: message), or "ok" with the parsed pair. */
function parse(vars: Record<string, string>) {
  const r = ZEnv.safeParse(vars);
  if (r.success) return { split: r.data.FORECAST_SPLIT_ABOVE_TRIALS, chunk: r.data.FORECAST_CHUNK_TRIALS };
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("the split configuration", () => {
  it("defaults to splitting above 10,000,000 trials into chunks of 10,000,000", () => {
    expect(parse({})).toEqual({ split: 10_000_000, chunk: 10_000_000 });
    expect(parse({ FORECAST_SPLIT_ABOVE_TRIALS: "65536", FORECAST_CHUNK_TRIALS: "100000000" })).toEqual({
      split: 65_536,
      chunk: 100_000_000,
    });
  });

  it.each([
    ["FORECAST_SPLIT_ABOVE_TRIALS", "65535", "from 65,536 to 10,000,000"],
    ["FORECAST_SPLIT_ABOVE_TRIALS", "10000001", "from 65,536 to 10,000,000"],
    ["FORECAST_SPLIT_ABOVE_TRIALS", "1e5x", "from 65,536 to 10,000,000"],
    ["FORECAST_CHUNK_TRIALS", "1000", "from 65,536 to 100,000,000"],
    ["FORECAST_CHUNK_TRIALS", "100000001", "from 65,536 to 100,000,000"],
    ["FORECAST_CHUNK_TRIALS", "100000.5", "from 65,536 to 100,000,000"],
  ])("refuses %s=%s naming the variable and its limits", (name, value, limits) => {
    expect(parse({ [name]: value })).toEqual([`${name}: ${name} must be a whole number ${limits}`]);
  });
});
