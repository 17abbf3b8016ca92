/** An ETo batch's partial result: chunks' rows merged in the order given, missing places, duplicates ignored. */
import { describe, expect, it } from "vitest";
import { etoBatchMembersPartial, mergeEtoBatchPartial, ZEtoBatchPartial } from "./eto-batch-partial";

/** A chunk result of the places numbered `from`.. (null: that place failed). */
function chunk(from: number, ok: boolean[]) {
  return {
    rows: ok.map((yes, i) =>
      yes
        ? {
            location: { id: null, name: `P${from + i + 1}`, latitude: -20 - (from + i), longitude: -45 },
            range: { start: "2024-05-01", end: "2024-05-07" },
            summary: { days: 7, totalMm: 30 + from + i, meanMm: 4.3, minMm: 3.9, maxMm: 4.8 },
          }
        : null,
    ),
    failed: ok.flatMap((yes, i) => (yes ? [] : [{ index: from + i, name: `P${from + i + 1}`, message: "no weather" }])),
  };
}

// 10 places in 4 chunks: 3, 3, 2, 2 (places 0-2, 3-5, 6-7, 8-9)
const INPUT = { chunks: 4, places: 10 };
const all = (n: number) => Array<boolean>(n).fill(true);

describe("mergeEtoBatchPartial", () => {
  it("puts the rows of chunks that end out of order back in the order the places were given", () => {
    const a = mergeEtoBatchPartial(INPUT, null, new Map([[2, chunk(6, all(2))]]));
    expect(a.rows.map((r) => r.index)).toEqual([6, 7]);
    expect(a.missing).toEqual([
      [0, 5],
      [8, 9],
    ]);
    const b = mergeEtoBatchPartial(INPUT, a, new Map([[0, chunk(0, all(3))]]));
    expect(b.rows.map((r) => r.name)).toEqual(["P1", "P2", "P3", "P7", "P8"]);
    expect(b.steps).toEqual([0, 2]);
    expect(b.missing).toEqual([
      [3, 5],
      [8, 9],
    ]);
    expect(b.rows[3]).toMatchObject({ index: 6, start: "2024-05-01", end: "2024-05-07", days: 7, totalMm: 36 });
    expect(ZEtoBatchPartial.parse(b)).toEqual(b); // what the run page parses
  });

  it("names the failed places apart from the missing ones", () => {
    const p = mergeEtoBatchPartial(INPUT, null, new Map([[1, chunk(3, [true, false, true])]]));
    expect(p.rows.map((r) => r.index)).toEqual([3, 5]);
    expect(p.failed).toEqual([{ index: 4, name: "P5", message: "no weather" }]);
    expect(p.missing).toEqual([
      [0, 2],
      [6, 9],
    ]);
  });

  it("ignores a chunk merged already (a retried child, a second advancer), and a place that has its row", () => {
    const first = mergeEtoBatchPartial(INPUT, null, new Map([[1, chunk(3, all(3))]]));
    const changed = chunk(3, all(3));
    changed.rows[0]!.summary.totalMm = 999;
    const again = mergeEtoBatchPartial(INPUT, first, new Map([[1, changed]]));
    expect(again).toEqual(first);
    expect(again.rows.filter((r) => r.index === 3)).toHaveLength(1);
    expect(again.rows[0]!.totalMm).toBe(33);
  });

  it("adds nothing for a result that is not a chunk's of the step's size, or a step out of range", () => {
    const p = mergeEtoBatchPartial(
      INPUT,
      null,
      new Map<number, unknown>([
        [0, chunk(0, all(2))], // step 0 holds 3 places
        [3, null],
        [7, chunk(0, all(2))],
      ]),
    );
    expect(p.rows).toEqual([]);
    expect(p.steps).toEqual([]);
    expect(p.missing).toEqual([[0, 9]]);
  });

  it("every chunk in: no place missing, every row once", () => {
    const results = new Map([
      [3, chunk(8, all(2))],
      [0, chunk(0, all(3))],
      [2, chunk(6, all(2))],
      [1, chunk(3, all(3))],
    ]);
    const p = mergeEtoBatchPartial(INPUT, null, results);
    expect(p.rows.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(p.missing).toEqual([]);
  });
});

describe("eto.mergeBatch's membersPartial", () => {
  it("says how many places are done and which steps it holds", () => {
    const m = etoBatchMembersPartial.merge({
      input: INPUT,
      partial: null,
      results: new Map([[1, chunk(3, [true, false, true])]]),
      members: 4,
    });
    expect(m.done).toEqual({ count: 2, total: 10, unit: "locations" });
    expect(etoBatchMembersPartial.stepsIn(m.result)).toEqual([1]);
    expect(etoBatchMembersPartial.stepsIn(null)).toEqual([]);
    expect(etoBatchMembersPartial.stepsIn({ kind: "other" })).toEqual([]);
  });
});
