/** The TABLE_HEALTH_* and ADMISSION_* variables: defaults, bounds naming the variable, warn ≤ critical. */
import { describe, expect, it } from "vitest";
import { ZEnv } from "@/env";

function parse(vars: Record<string, string>) {
  const r = ZEnv.safeParse(vars);
  if (!r.success) return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  const d = r.data;
  return [
    d.TABLE_HEALTH_XMIN_WARN_S,
    d.TABLE_HEALTH_XMIN_CRITICAL_S,
    d.TABLE_HEALTH_DEAD_WARN_PCT,
    d.TABLE_HEALTH_DEAD_CRITICAL_PCT,
    d.TABLE_HEALTH_DEAD_MIN_TUPLES,
    d.TABLE_HEALTH_LONG_QUERY_S,
    d.ADMISSION_QUEUE_WAIT_S,
    d.ADMISSION_LOW_PRIORITY_BELOW,
    d.ADMISSION_REFRESH_MS,
    d.ADMISSION_RETRY_AFTER_S,
  ];
}

describe("job-table health configuration", () => {
  it("defaults: 5 / 30 min, 20 / 50 % from 10,000 dead rows, 60 s queries; shed below priority 0 after a 10 min wait", () => {
    expect(parse({})).toEqual([300, 1800, 20, 50, 10_000, 60, 600, 0, 5000, 30]);
    expect(parse({ ADMISSION_QUEUE_WAIT_S: "0", ADMISSION_LOW_PRIORITY_BELOW: "-999" })).toContain(-999);
  });

  it.each([
    ["TABLE_HEALTH_XMIN_CRITICAL_S", "0", "from 1 to 86,400"],
    ["TABLE_HEALTH_DEAD_CRITICAL_PCT", "101", "from 1 to 100"],
    ["TABLE_HEALTH_LONG_QUERY_S", "1.5", "from 1 to 86,400"],
    ["ADMISSION_QUEUE_WAIT_S", "-1", "from 0 to 86,400"],
    ["ADMISSION_LOW_PRIORITY_BELOW", "-1000", "from -999 to 1,000"],
    ["ADMISSION_REFRESH_MS", "999", "from 1,000 to 60,000"],
    ["ADMISSION_RETRY_AFTER_S", "abc", "from 1 to 3,600"],
  ])("refuses %s=%s naming the variable and its limits", (name, value, limits) => {
    expect(parse({ [name]: value })).toContain(`${name}: ${name} must be a whole number ${limits}`);
  });

  it("refuses a warning threshold above the critical one", () => {
    expect(parse({ TABLE_HEALTH_XMIN_WARN_S: "600", TABLE_HEALTH_XMIN_CRITICAL_S: "300" })).toEqual([
      "TABLE_HEALTH_XMIN_WARN_S: must not be above TABLE_HEALTH_XMIN_CRITICAL_S",
    ]);
    expect(parse({ TABLE_HEALTH_DEAD_WARN_PCT: "60" })).toEqual([
      "TABLE_HEALTH_DEAD_WARN_PCT: must not be above TABLE_HEALTH_DEAD_CRITICAL_PCT",
    ]);
  });
});
