import { describe, expect, it } from "vitest";
import { runs } from "./remote";
import { cell, deltaCell, formatComparison } from "./runs-diff";
import type { CliIo } from "./io";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";

const comparison = (engineVersionsDiffer: boolean) => ({
  task: "forecast.when",
  runs: [
    { id: A, status: "succeeded", createdAt: "2026-12-01T10:00:00.000Z", provenance: { engineVersion: 3 } },
    {
      id: B,
      status: "succeeded",
      createdAt: "2026-12-01T11:00:00.000Z",
      provenance: { engineVersion: engineVersionsDiffer ? 4 : 3 },
    },
  ],
  inputs: [
    { path: "backlog", values: [30, 60], changed: true },
    { path: "seed", values: [7, 7], changed: false },
  ],
  outputs: [
    { label: "P85 (periods)", kind: "number", values: [12, 20], deltas: [null, 8] },
    { label: "P85 date", kind: "date", values: ["2027-01-04", "2026-12-28"], deltas: [null, -7] },
    { label: "Mean (periods)", kind: "number", values: [10.123456, 9.5], deltas: [null, -0.623456] },
  ],
  engineVersionsDiffer,
});

/** An io whose fetch answers `status` with `body`, recording the URL asked. */
function fakeIo(status: number, body: unknown) {
  const out: string[] = [];
  const urls: string[] = [];
  const io = {
    out: (t: string) => void out.push(t),
    err: () => {},
    env: { FLUXO_URL: "http://fluxo.test", FLUXO_TOKEN: "tok" },
    fetch: async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    },
  } as unknown as CliIo;
  return { io, out, urls };
}

describe("fluxo runs diff", () => {
  it("formats values and signed deltas (dates in days)", () => {
    expect(cell(10.123456)).toBe("10.1235");
    expect(cell(null)).toBe("—");
    expect(cell([1, 2])).toBe("[1,2]");
    expect(deltaCell(8, "number")).toBe("+8");
    expect(deltaCell(-0.25, "number")).toBe("-0.25");
    expect(deltaCell(-7, "date")).toBe("-7 d");
    expect(deltaCell(null, "number")).toBe("");
  });

  it("prints the changed input fields only and the outputs with their deltas", async () => {
    const { io, out, urls } = fakeIo(200, comparison(false));
    await runs(["diff", A, B], io);
    expect(urls).toEqual([`http://fluxo.test/api/v1/runs/compare?ids=${A},${B}`]);
    const text = out.join("");
    expect(text).toContain("2 runs of forecast.when");
    expect(text).toMatch(/backlog\s+30\s+60/);
    expect(text).not.toMatch(/seed/);
    expect(text).toMatch(/P85 \(periods\)\s+12\s+20\s+\+8/);
    expect(text).toMatch(/P85 date\s+2027-01-04\s+2026-12-28\s+-7 d/);
    expect(text).toMatch(/Mean \(periods\)\s+10\.1235\s+9\.5\s+-0\.6235/);
    expect(text).not.toContain("WARNING");
  });

  it("flags an engine-version mismatch", () => {
    const text = formatComparison(comparison(true) as never);
    expect(text).toContain("WARNING: the runs were computed by different engine versions");
    expect(text).toMatch(/engine 3/);
    expect(text).toMatch(/engine 4/);
  });

  it("exits non-zero with the server's message on a refusal", async () => {
    const message = "ids must be runs of one task: forecast.when, eto.compute";
    const { io } = fakeIo(400, { error: { code: "BAD_REQUEST", message, fields: [{ path: "ids", message }] } });
    await expect(runs(["diff", A, B], io)).rejects.toMatchObject({ exitCode: 2, message: `fluxo: ids: ${message}` });
    const missing = fakeIo(404, { error: { code: "NOT_FOUND", message: `run ${B} not found` } });
    await expect(runs(["diff", A, B], missing.io)).rejects.toMatchObject({
      exitCode: 4,
      message: `fluxo: run ${B} not found`,
    });
  });

  it("needs two ids before asking the server", async () => {
    const { io, urls } = fakeIo(200, {});
    await expect(runs(["diff", A], io)).rejects.toMatchObject({ exitCode: 2 });
    expect(urls).toEqual([]);
  });
});
