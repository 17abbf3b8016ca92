/** The table-health verdict: pure, thresholds in, level and reasons out. */
import { describe, expect, it } from "vitest";
import { deadRatio, tableHealthVerdict, type TableHealth, type TableHealthThresholds } from "./table-health";

const limits: TableHealthThresholds = {
  xminWarnSeconds: 300,
  xminCriticalSeconds: 1800,
  deadRatioWarn: 0.2,
  deadRatioCritical: 0.5,
  deadMinTuples: 10_000,
  longQuerySeconds: 60,
};

function table(
  name: TableHealth["tables"][number]["table"],
  live: number,
  dead: number,
): TableHealth["tables"][number] {
  return {
    table: name,
    liveTuples: live,
    deadTuples: dead,
    deadRatio: deadRatio(live, dead),
    lastAutovacuum: null,
    lastAutoanalyze: null,
    lastVacuum: null,
    autovacuumCount: 0,
    tableBytes: 8192,
    indexBytes: 8192,
    totalBytes: 16384,
    options: [],
  };
}
const backend = (ageSeconds: number | null, source: "backend" | "prepared" | "replication_slot" = "backend") => ({
  source,
  pid: source === "backend" ? 4242 : null,
  name: source === "backend" ? "app psql" : "gid-1",
  state: source === "replication_slot" ? "inactive" : "idle in transaction",
  ageSeconds,
  xids: 1000,
});
const healthy: Pick<TableHealth, "tables" | "xmin" | "longQueries"> = {
  tables: [table("runs", 100_000, 5_000), table("slots", 3, 90_000 - 89_999)],
  xmin: [],
  longQueries: [],
};

describe("tableHealthVerdict", () => {
  it("is ok with nothing past a threshold", () => {
    expect(tableHealthVerdict(healthy, limits)).toEqual({ level: "ok", reasons: [] });
  });

  it("warns, then is critical, as the oldest open transaction ages (the limit it passed is named)", () => {
    const warn = tableHealthVerdict({ ...healthy, xmin: [backend(299)] }, limits);
    expect(warn.level).toBe("ok");
    const w = tableHealthVerdict({ ...healthy, xmin: [backend(300)] }, limits);
    expect(w.level).toBe("warn");
    expect(w.reasons[0]).toMatchObject({ code: "xmin_horizon", level: "warn", value: 300, limit: 300 });
    const c = tableHealthVerdict({ ...healthy, xmin: [backend(1800)] }, limits);
    expect(c.level).toBe("critical");
    expect(c.reasons[0]).toMatchObject({ code: "xmin_horizon", level: "critical", limit: 1800 });
    expect(c.reasons[0]!.message).toContain("session 4242");
    expect(c.reasons[0]!.message).toContain("30 min");
  });

  it("takes the oldest holder by age, including a prepared transaction", () => {
    const v = tableHealthVerdict({ ...healthy, xmin: [backend(10), backend(4000, "prepared")] }, limits);
    expect(v.level).toBe("critical");
    expect(v.reasons[0]!.message).toContain('prepared transaction "gid-1"');
  });

  it("warns about an inactive replication slot holding the horizon", () => {
    const v = tableHealthVerdict({ ...healthy, xmin: [backend(null, "replication_slot")] }, limits);
    expect(v).toMatchObject({ level: "warn", reasons: [{ code: "replication_slot", value: 1000 }] });
  });

  it("judges a table's dead ratio only from deadMinTuples dead tuples on", () => {
    const small = tableHealthVerdict({ ...healthy, tables: [table("slots", 1, 9_999)] }, limits);
    expect(small.level).toBe("ok");
    const warn = tableHealthVerdict({ ...healthy, tables: [table("run_events", 80_000, 20_000)] }, limits);
    expect(warn.reasons).toEqual([
      expect.objectContaining({ code: "dead_ratio", level: "warn", value: 0.2, limit: 0.2 }),
    ]);
    expect(warn.reasons[0]!.message).toContain("run_events is 20.0 % dead");
    const crit = tableHealthVerdict({ ...healthy, tables: [table("runs", 10_000, 10_000)] }, limits);
    expect(crit).toMatchObject({ level: "critical", reasons: [{ code: "dead_ratio", level: "critical", limit: 0.5 }] });
  });

  it("warns about a long query but never makes it critical; the critical reasons come first", () => {
    const q = {
      pid: 7,
      name: "x y",
      state: "active",
      seconds: 61,
      xactSeconds: 61,
      waitEvent: null,
      query: "select 1",
    };
    expect(tableHealthVerdict({ ...healthy, longQueries: [q] }, limits)).toMatchObject({
      level: "warn",
      reasons: [{ code: "long_query", value: 61, limit: 60 }],
    });
    const both = tableHealthVerdict({ ...healthy, longQueries: [q], xmin: [backend(2000)] }, limits);
    expect(both.level).toBe("critical");
    expect(both.reasons.map((r) => r.code)).toEqual(["xmin_horizon", "long_query"]);
  });

  it("reads an empty table as 0 % dead", () => {
    expect(deadRatio(0, 0)).toBe(0);
    expect(deadRatio(3, 1)).toBe(0.25);
  });
});
