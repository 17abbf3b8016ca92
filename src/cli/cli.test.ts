import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { exactWhenCdf } from "@/domain/forecast";
import { EX18, EX19_DAY } from "@/domain/eto/eto.fixtures";
import { buildCli, fluxo } from "./cli.fixtures";

let dir: string;

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(path.join(tmpdir(), "fluxo-cli-"));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("fluxo compute forecast.when", { timeout: 30_000 }, () => {
  it("A-P1 from stdin: every percentile is 10 (deterministic, no seed given)", () => {
    const r = fluxo(["compute", "forecast.when"], JSON.stringify({ samples: [5, 5, 5, 5], backlog: 50 }));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.percentiles).toEqual({ "50": 10, "70": 10, "85": 10, "95": 10 });
    expect(out.mean).toBe(10);
    expect(Number.isInteger(out.seed) && out.seed >= 0 && out.seed < 2 ** 32).toBe(true);
  });

  it("A-P3 with a seed from --input FILE: the reference percentiles and dates, reproducibly", () => {
    const file = path.join(dir, "a-p3.json");
    const input = {
      samples: [2, 3, 4, 5, 6],
      backlog: 40,
      seed: 7,
      startDate: "2024-01-01",
      percentiles: [50, 70, 85, 95],
    };
    writeFileSync(file, JSON.stringify(input));
    const r = fluxo(["compute", "forecast.when", "--input", file]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.seed).toBe(7);
    expect(out.percentiles["50"]).toBe(10);
    expect(out.percentiles["85"]).toBe(12);
    expect(out.dates).toMatchObject({ "50": "2024-03-11", "85": "2024-03-25" });
    // P70 and P95 obey the tolerance rule against the exact CDF (11 and 12 exactly).
    const exact = exactWhenCdf(input.samples, input.backlog, 30);
    for (const q of [70, 95]) {
      const v = out.percentiles[String(q)] as number;
      expect(exact[v]!).toBeGreaterThanOrEqual(q / 100 - 0.015);
      expect(exact[v - 1]!).toBeLessThan(q / 100 + 0.015);
    }
    expect(fluxo(["compute", "forecast.when", `--input=${file}`]).stdout).toBe(r.stdout);
  });

  it("reads stdin when --input is -", () => {
    const r = fluxo(
      ["compute", "forecast.when", "--input", "-"],
      JSON.stringify({ samples: [5], backlog: 10, seed: 1 }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).percentiles["95"]).toBe(2);
  });

  it("exits 2 naming the field when the input is invalid", () => {
    const r = fluxo(["compute", "forecast.when"], JSON.stringify({ samples: [], backlog: 50 }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("fluxo: invalid input: samples: must contain at least 1 value\n");

    const bad = fluxo(["compute", "forecast.when"], JSON.stringify({ samples: [1, -1], backlog: 50, trials: 2e7 }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("samples[1]: each sample must be at least 0");
    expect(bad.stderr).toContain("trials: must be at most 10,000,000");
  });

  it("exits 2 for an engine-level refusal, invalid JSON, or a missing file", () => {
    const unreachable = fluxo(["compute", "forecast.when"], JSON.stringify({ samples: [0, 0, 0, 1], backlog: 5000 }));
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^fluxo: invalid input: backlog: .*maxPeriods/);
    const json = fluxo(["compute", "forecast.when"], "{not json");
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/^fluxo: invalid JSON: /);
    const missing = fluxo(["compute", "forecast.when", "--input", path.join(dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read input file .*nope\.json/);
  });

  it("a large run shares its trials with a kernel thread and prints what one thread prints", () => {
    const input = JSON.stringify({
      samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
      backlog: 100,
      trials: 600_000,
      seed: 3,
    });
    const two = fluxo(["compute", "forecast.when"], input, { FLUXO_COMPUTE_THREADS: "2" });
    expect(two.code, two.stderr).toBe(0);
    expect(fluxo(["compute", "forecast.when"], input, { FLUXO_COMPUTE_THREADS: "1" }).stdout).toBe(two.stdout);
    expect(JSON.parse(two.stdout).percentiles).toMatchObject({ "70": 28, "85": 30 });
    const bad = fluxo(["compute", "forecast.when"], input, { FLUXO_COMPUTE_THREADS: "3" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/FLUXO_COMPUTE_THREADS must be a whole number from 1 to 2, got 3/);
  });
});

describe("fluxo usage", { timeout: 30_000 }, () => {
  it("prints help and version", () => {
    const help = fluxo(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: fluxo <command>/);
    expect(help.stdout).toContain("forecast.when");
    for (const flag of [
      "--priority N",
      "--delay DURATION",
      "--at ISO",
      "--idempotency-key K",
      "--concurrency-limit N",
      "submit --batch FILE.jsonl",
    ])
      expect(help.stdout).toContain(flag);
    expect(fluxo(["--version"])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it("exits 2 with usage for an unknown command or task", () => {
    const r = fluxo(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"[\s\S]*Usage: fluxo/);
    const t = fluxo(["compute", "forecast.never"], "{}");
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/unknown task "forecast.never"/);
  });
});

// The server commands against a live server are tested end to end (e2e/security.spec.ts); here,
// what the CLI decides before and without a server.
describe("fluxo server commands", { timeout: 30_000 }, () => {
  it("needs a token, and says where to get one (exit 3)", () => {
    const r = fluxo(["runs", "list"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("FLUXO_TOKEN");
  });

  it("refuses a run id that is not a UUID before calling the server (exit 2)", () => {
    const r = fluxo(["runs", "get", "1; DROP TABLE runs"], undefined, { FLUXO_TOKEN: "fxt_x" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not a run id");
  });

  it("refuses a URL that is not http(s) (exit 2)", () => {
    const r = fluxo(["whoami", "--url", "file:///etc/passwd"], undefined, { FLUXO_TOKEN: "fxt_x" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("http(s) URL");
  });

  it("says the server cannot be reached (exit 6) when nothing listens", () => {
    const r = fluxo(["whoami"], undefined, { FLUXO_TOKEN: "fxt_x", FLUXO_URL: "http://127.0.0.1:9" });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain("cannot reach http://127.0.0.1:9");
  });

  it("refuses a bad run option naming the flag, before calling the server (exit 2)", () => {
    const env = { FLUXO_TOKEN: "fxt_x", FLUXO_URL: "http://127.0.0.1:9" };
    const p = fluxo(["submit", "forecast.when", "--priority", "5000"], "{}", env);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain("--priority must be a whole number within -1000..1000");
    const d = fluxo(["submit", "forecast.when", "--delay", "soon"], "{}", env);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain("--delay must be a duration such as 30s, 5m, 2h");
    const c = fluxo(["submit", "forecast.when", "--concurrency-limit", "2"], "{}", env);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("--concurrency-limit needs --concurrency-key");
  });

  it("names the line of a --batch file that is not JSON (exit 2)", () => {
    const file = path.join(dir, "runs.jsonl");
    writeFileSync(file, '{"task":"forecast.when","input":{"samples":[1],"backlog":2}}\n\n{"task": oops}\n');
    const r = fluxo(["submit", "--batch", file], undefined, { FLUXO_TOKEN: "fxt_x", FLUXO_URL: "http://127.0.0.1:9" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("line 3 is not valid JSON");
  });

  it("refuses input that is not JSON before submitting (exit 2)", () => {
    const r = fluxo(["submit", "forecast.when"], "{not json", {
      FLUXO_TOKEN: "fxt_x",
      FLUXO_URL: "http://127.0.0.1:9",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not valid JSON");
  });
});

describe("fluxo compute forecast.howMany", { timeout: 30_000 }, () => {
  it("A-P3: in 6 weeks, 50 % ≥ 24, 85 % ≥ 20, 95 % ≥ 18 items (lower-tail semantics)", () => {
    const r = fluxo(
      ["compute", "forecast.howMany"],
      JSON.stringify({ samples: [2, 3, 4, 5, 6], periods: 6, trials: 100_000, seed: 11, percentiles: [50, 85, 95] }),
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.percentiles).toEqual({ "50": 24, "85": 20, "95": 18 });
    expect(out.mean).toBeCloseTo(24, 0);
  });

  it("A-P2b: improving flow over 10 weeks, 50 % ≥ 38, 85 % ≥ 30, 95 % ≥ 25; mean ≈ 38.33", () => {
    const r = fluxo(
      ["compute", "forecast.howMany"],
      JSON.stringify({
        samples: [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2],
        periods: 10,
        trials: 200_000,
        seed: 5,
        percentiles: [50, 85, 95],
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.percentiles).toEqual({ "50": 38, "85": 30, "95": 25 });
    expect(Math.abs(out.mean - 38.3333)).toBeLessThan(0.1);
  });

  it("refuses periods out of bounds and unknown fields, naming them (exit 2)", () => {
    const a = fluxo(["compute", "forecast.howMany"], JSON.stringify({ samples: [1, 2], periods: 0 }));
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("periods");
    const b = fluxo(["compute", "forecast.howMany"], JSON.stringify({ samples: [1, 2], periods: 3, backlog: 9 }));
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("unknown field: backlog");
  });
});

describe("fluxo compute forecast.backtest / forecast.deadline / forecast.cutLine", { timeout: 30_000 }, () => {
  it("backtest: JSON in, folds with replayed actuals and coverage out; same seed, same output", () => {
    const input = JSON.stringify({
      samples: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5],
      backlog: 10,
      minTrain: 8,
      trials: 500,
      seed: 3,
      percentiles: [50, 85],
    });
    const r = fluxo(["compute", "forecast.backtest"], input);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // Constant throughput 5: every fold forecasts 2 periods and the replay takes exactly 2.
    expect(out.folds.map((f: { cutoff: number; actual: number | null }) => [f.cutoff, f.actual])).toEqual([
      [8, 2],
      [9, 2],
      [10, 2],
      [11, null],
    ]);
    expect(out.folds[0].forecast).toEqual({ "50": 2, "85": 2 });
    expect(out.coverage["85"]).toEqual({ hits: 3, total: 3, rate: 1 });
    expect(out.censored).toBe(1);
    expect(fluxo(["compute", "forecast.backtest"], input).stdout).toBe(r.stdout);
  });

  it("backtest: too short a history is refused naming the field (exit 2)", () => {
    const r = fluxo(["compute", "forecast.backtest"], JSON.stringify({ samples: [1, 2, 3], backlog: 5 }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("samples");
    expect(r.stderr).toContain("minTrain");
  });

  it("deadline: A-P3 with a 10-week deadline, P(done) ≈ 0.54388 (exact)", () => {
    const r = fluxo(
      ["compute", "forecast.deadline"],
      JSON.stringify({
        samples: [2, 3, 4, 5, 6],
        backlog: 40,
        startDate: "2024-01-01",
        deadline: "2024-03-11",
        trials: 100_000,
        seed: 9,
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.periodsToDeadline).toBe(10);
    expect(Math.abs(out.probability - 0.54388)).toBeLessThan(0.015);
  });

  it("cut line: two features at constant throughput finish at 2 and 4 periods", () => {
    const r = fluxo(
      ["compute", "forecast.cutLine"],
      JSON.stringify({
        samples: [5, 5, 5],
        features: [
          { name: "A", size: 10 },
          { name: "B", size: 10 },
        ],
        seed: 1,
        percentiles: [85],
      }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(
      JSON.parse(r.stdout).features.map((f: { percentiles: Record<string, number> }) => f.percentiles["85"]),
    ).toEqual([2, 4]);
  });
});

describe("fluxo compute eto.daily / eto.hourly", { timeout: 30_000 }, () => {
  it("eto.daily: FAO-56 Example 18 (Brussels, 6 July) gives 3.88 mm/d with its intermediates", () => {
    const r = fluxo(["compute", "eto.daily"], JSON.stringify(EX18));
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Math.abs(out.eto - 3.88)).toBeLessThanOrEqual(0.02);
    expect(out.method).toBe("fao56");
    expect(out.intermediates).toMatchObject({ eaMethod: "rhmax-rhmin", rsMethod: "angstrom" });
    expect(Math.abs(out.intermediates.rnlMJm2 - 3.71)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(out.intermediates.raMJm2 - 41.09)).toBeLessThanOrEqual(0.01);
  });

  it("eto.hourly: FAO-56 Example 19 at 14:00–15:00 gives 0.63 mm/h; asce is declared", () => {
    const input = EX19_DAY;
    const r = fluxo(["compute", "eto.hourly"], JSON.stringify(input));
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Math.abs(out.eto - 0.63)).toBeLessThanOrEqual(0.005);
    expect(out.intermediates.cd).toBe(0.34);
    const asce = JSON.parse(fluxo(["compute", "eto.hourly"], JSON.stringify({ ...input, method: "asce" })).stdout);
    expect(asce.method).toBe("asce");
    expect(asce.intermediates.cd).toBe(0.24);
  });

  it("bad input exits 2 naming the field: W/m² passed as MJ, tmin above tmax, rs above Ra, unknown field", () => {
    const base = { latitude: 50.8, elevation: 100, date: "2025-12-21", tmax: 5, tmin: 1, windSpeed: 2 };
    const wm2 = fluxo(["compute", "eto.daily"], JSON.stringify({ ...base, rs: 250 }));
    expect(wm2.code).toBe(2);
    expect(wm2.stderr).toMatch(/rs: must be at most 45 MJ m⁻² d⁻¹; .*W\/m²/);
    const order = fluxo(["compute", "eto.daily"], JSON.stringify({ ...base, tmin: 9 }));
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/tmin: must be at most tmax/);
    const overRa = fluxo(["compute", "eto.daily"], JSON.stringify({ ...base, rs: 30 }));
    expect(overRa.code).toBe(2);
    expect(overRa.stderr).toMatch(/rs: must be at most .* extraterrestrial radiation Ra/);
    const unknown = fluxo(["compute", "eto.daily"], JSON.stringify({ ...base, foo: 1 }));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown field: foo/);
  });

  it("help lists both tasks", () => {
    const r = fluxo(["--help"]);
    expect(r.stdout).toMatch(/eto\.daily/);
    expect(r.stdout).toMatch(/eto\.hourly/);
  });
});
