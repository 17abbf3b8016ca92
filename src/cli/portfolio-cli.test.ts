import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compute } from "./compute";
import { buildCli, fluxo } from "./cli.fixtures";
import { CliError, type CliIo } from "./io";

let dir: string;
const run = (task: string, input: unknown) => fluxo(["compute", task], JSON.stringify(input));

/** The same command in this process (what the bundle runs), for the many bad-input cases: exit code and stderr. */
async function runInProcess(task: string, input: unknown): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  const io: CliIo = {
    out: (t) => void (stdout += t),
    err: () => {},
    readFile: () => Promise.reject(new Error("no files here")),
    readStdin: () => Promise.resolve(JSON.stringify(input)),
    stdinIsTTY: false,
    env: {},
    fetch: globalThis.fetch,
    sleep: () => Promise.resolve(),
    errIsTTY: false,
    onInterrupt: () => () => {},
  };
  try {
    await compute({ task }, io);
    return { code: 0, stdout, stderr: "" };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return { code: e.exitCode, stdout, stderr: e.message };
  }
}

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(path.join(tmpdir(), "fluxo-portfolio-cli-"));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** empyrical's mixed_returns and simple_benchmark (../shared/reference/portfolio.md B.3). */
const mixed = [null, 0.01, 0.1, -0.04, 0.02, 0.03, 0.02, 0.01, -0.1];
const simpleBenchmark = [0, 0.01, 0, 0.01, 0, 0.01, 0, 0.01, 0];
const near = (a: number, b: number, tol = 1e-8) => expect(Math.abs(a - b)).toBeLessThan(tol);

describe("fluxo compute portfolio.metrics", { timeout: 60_000 }, () => {
  it("mixed_returns from stdin: the empyrical reference values (1e-8), null counted as a period", () => {
    const r = run("portfolio.metrics", { returns: mixed });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).sort()).toEqual(
      [
        "annualReturn",
        "annualVolatility",
        "calmar",
        "cumulativeReturn",
        "cvar",
        "downsideRisk",
        "maxDrawdown",
        "parametricVar",
        "sharpe",
        "sortino",
        "var",
      ].sort(),
    );
    near(out.cumulativeReturn, 0.0389310917);
    near(out.annualReturn, 1.9135925373194231);
    near(out.annualVolatility, 0.9136465399704637);
    near(out.sharpe, 1.7238613961706866);
    near(out.sortino, 2.605531251673693);
    near(out.downsideRisk, 0.6044832503882965);
    near(out.maxDrawdown, -0.1);
    near(out.calmar, 19.135925373194233);
    near(out.var, -0.079);
    near(out.cvar, -0.1);
    near(out.parametricVar, -0.08841843556165416);
  });

  it("options: risk-free series, MAR, cutoff, benchmark (beta/alpha), from --input FILE", () => {
    const file = path.join(dir, "metrics.json");
    writeFileSync(
      file,
      JSON.stringify({ returns: mixed, riskFree: simpleBenchmark, mar: 0.1, cutoff: 0.3, benchmark: simpleBenchmark }),
    );
    const r = fluxo(["compute", "portfolio.metrics", "--input", file]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    near(out.sharpe, 0.34111411441060574);
    near(out.downsideRisk, 1.7161730681956295);
    near(out.var, 0.01);
    near(out.cvar, -0.03);
    // Against simple_benchmark with the same series as risk-free, x = b − rf = 0: no beta.
    expect(out.beta).toBeNull();
    expect(out.alpha).toBeNull();
    const plain = JSON.parse(run("portfolio.metrics", { returns: mixed, benchmark: simpleBenchmark }).stdout);
    near(plain.beta, -0.75);
    near(plain.alpha / 11.274002099240244, 1);
  });

  it("from prices, weekly: returns from the prices; a flat series has volatility 0 and Sharpe null", () => {
    const out = JSON.parse(run("portfolio.metrics", { prices: [100, 110, 99, 108.9], periodsPerYear: 52 }).stdout);
    near(out.cumulativeReturn, 0.089);
    near(out.annualReturn, 1.089 ** (52 / 3) - 1, 1e-6);
    near(out.maxDrawdown, -0.1);
    const flat = run("portfolio.metrics", { prices: [10, 10, 10, 10] });
    expect(flat.code, flat.stderr).toBe(0);
    expect(JSON.parse(flat.stdout)).toMatchObject({ annualVolatility: 0, sharpe: null, sortino: null, calmar: null });
  });

  it("bad input exits 2 naming the field and the limit (child process)", () => {
    const r = run("portfolio.metrics", { prices: [10, 0, 12] });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("fluxo: invalid input: prices[1]: must be above 0 (a price)\n");
    const e = run("portfolio.metrics", { returns: [null, 0.01, null] });
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/^fluxo: invalid input: returns: needs at least 2 values that are not missing/);
  });

  it("bad input: every refusal names the field and the limit", async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /returns \(per-period returns\) or prices is required/],
      [{ returns: [0.01, 0.02], prices: [1, 2, 3] }, /prices: must not be given together with returns/],
      [{ returns: [] }, /returns: needs at least 2 returns/],
      [{ returns: [0.01] }, /returns: needs at least 2 returns/],
      [
        { returns: [null, 0.01, null] },
        /returns: needs at least 2 values that are not missing, got 1 \(of 3 periods\)/,
      ],
      [{ returns: [0.01, -1.5] }, /returns\[1\]: must be at least -1/],
      [{ returns: [0.01, "NaN"] }, /returns\[1\]: must be a number/],
      [{ prices: [10, 11] }, /prices: needs at least 3 prices/],
      [{ prices: [10, 0, 12] }, /prices\[1\]: must be above 0/],
      [{ prices: [10, -3, 12] }, /prices\[1\]: must be above 0/],
      [
        { returns: [0.01, 0.02, 0.03], benchmark: [0.01, 0.02] },
        /benchmark: must have one value per period of returns \(3\), got 2/,
      ],
      [
        { prices: [1, 2, 3, 4], benchmark: [0.01, 0.02] },
        /benchmark: must have one value per period of returns \(3, from 4 prices\), got 2/,
      ],
      [{ returns: [0.01, 0.02], cutoff: 0 }, /cutoff: must be above 0/],
      [{ returns: [0.01, 0.02], cutoff: 1 }, /cutoff: must be below 1/],
      [{ returns: [0.01, 0.02], periodsPerYear: 0 }, /periodsPerYear: must be at least 1/],
      [{ returns: [0.01, 0.02], periodsPerYear: 100_000 }, /periodsPerYear: must be at most 8,760/],
      [{ returns: [0.01, 0.02], riskFree: 1.2 }, /riskFree: must be/],
      [{ returns: [0.01, 0.02], mar: -3 }, /mar: must be above -1/],
      [{ returns: [0.01, 0.02], extra: 1 }, /unknown field: extra/],
      [{ returns: Array(100_001).fill(0.001) }, /returns: must have at most 100,000 returns/],
    ];
    for (const [input, re] of cases) {
      const r = await runInProcess("portfolio.metrics", input);
      expect(r.code, JSON.stringify(input).slice(0, 100)).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^fluxo: invalid input: /);
      expect(r.stderr).toMatch(re);
    }
  });
});

describe("fluxo compute portfolio.compare", { timeout: 60_000 }, () => {
  it("metrics per ticker and the correlation matrix of their returns", () => {
    const petr = [30, 31, 30.5, 32, 31.5, 33];
    const vale = [60, 61.5, 60.8, 63, 62, 64.5];
    const flat = [10, 10, 10, 10, 10, 10];
    const r = run("portfolio.compare", { prices: { PETR4: petr, VALE3: vale, FLAT3: flat }, periodsPerYear: 252 });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.correlation.tickers).toEqual(["PETR4", "VALE3", "FLAT3"]);
    const one = JSON.parse(run("portfolio.metrics", { prices: petr }).stdout);
    expect(out.assets.PETR4).toEqual(one);
    expect(out.assets.FLAT3).toMatchObject({ annualVolatility: 0, sharpe: null });
    // Pearson by hand on the two return series.
    const ret = (p: number[]) => p.slice(1).map((v, i) => v / p[i]! - 1);
    const [x, y] = [ret(petr), ret(vale)];
    const mx = x.reduce((a, b) => a + b) / x.length;
    const my = y.reduce((a, b) => a + b) / y.length;
    const sxy = x.reduce((a, v, i) => a + (v - mx) * (y[i]! - my), 0);
    const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0);
    const syy = y.reduce((a, v) => a + (v - my) ** 2, 0);
    const m = out.correlation.matrix;
    near(m[0][1], sxy / Math.sqrt(sxx * syy), 1e-12);
    expect(m[1][0]).toBe(m[0][1]);
    expect(m[0][0]).toBe(1);
    // A series that does not vary has no correlation: null, not NaN.
    expect(m[2]).toEqual([null, null, null]);
  });

  it("bad input exits 2 naming the ticker and the limit", async () => {
    const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`T${i}`, [1, 2, 3]]));
    const cases: [unknown, RegExp][] = [
      [{ prices: {} }, /prices: needs at least 1 ticker/],
      [{ prices: [1, 2, 3] }, /prices: must be an object of price lists by ticker/],
      [{ prices: many }, /prices: must have at most 500 tickers/],
      [
        { prices: { PETR4: [1, 2, 3], VALE3: [1, 2, 3, 4] } },
        /prices\.VALE3: has 4 prices but prices\.PETR4 has 3: the series must cover the same dates/,
      ],
      [{ prices: { PETR4: [1, 2] } }, /prices\.PETR4: needs at least 3 prices/],
      [{ prices: { PETR4: [1, 0, 2] } }, /prices\.PETR4\[1\]: must be above 0/],
      [{ prices: { PETR4: [1, 2, 3] }, periodsPerYear: 0.5 }, /periodsPerYear: must be at least 1/],
      [{ prices: { PETR4: [1, 2, 3] }, riskFree: 0 }, /unknown field: riskFree/],
    ];
    for (const [input, re] of cases) {
      const r = await runInProcess("portfolio.compare", input);
      expect(r.code, JSON.stringify(input).slice(0, 100)).toBe(2);
      expect(r.stderr).toMatch(re);
    }
  });

  it("help lists both tasks", () => {
    const r = fluxo(["help"]);
    expect(r.stdout).toMatch(/portfolio\.metrics/);
    expect(r.stdout).toMatch(/portfolio\.compare/);
  });
});
