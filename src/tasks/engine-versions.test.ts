/**
 * The engine-version guard. Every task whose results come from an engine declares `engineVersion`
 * (provenance, memo keys: src/runs/define-task.ts); bump it whenever the engine's results change for
 * the same input. This test runs each engine's published reference case (FAO-56 examples, the forecast
 * tests' improvingflow data, the portfolio case B.3, the reports' fixtures) with fixed seeds, hashes the
 * canonical JSON of the output and compares it with engine-versions.golden.json:
 *   - output changed, version not bumped → fails: bump the task's engineVersion and update the golden;
 *   - version bumped, golden not updated → fails: update the golden (the message prints the entry).
 * `UPDATE_ENGINE_GOLDEN=1 npx vitest run --project unit src/tasks/engine-versions.test.ts` rewrites
 * the golden, but only for tasks whose version changed (or that are new): it refuses a new hash under
 * an unchanged version.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/server/canonical-json";
import { createRng } from "@/domain/shared/rng";
import { addDays, backtest, forecastCutLine, forecastDeadline, forecastHowMany, forecastWhen } from "@/domain/forecast";
import { sensitivityPlan, tornadoOf, tornadoPlan } from "@/domain/forecast/sensitivity";
import { etoDaily, etoHourly } from "@/domain/eto";
import { EX18, EX19_DAY, EX19_NIGHT } from "@/domain/eto/eto.fixtures";
import { computeMetrics } from "@/domain/portfolio/metrics";
import { efficientFrontier } from "@/domain/portfolio/frontier";
import { maxSharpe, minVolatility } from "@/domain/portfolio/optimize";
import { B3_COV, B3_MU } from "@/domain/portfolio/portfolio.fixtures";
import {
  buildAssetReport,
  buildCompareReport,
  buildMarketOverviewReport,
  buildPortfolioReport,
} from "@/features/reports/reports.model";
import { renderMarkdown } from "@/features/reports/render-markdown";
import { renderHtml } from "@/features/reports/render-html";
import { assetAnalysis, comparison, marketData, portfolioAnalysis } from "@/features/reports/test-fixtures";
import { taskList } from "./catalog";

const GOLDEN_PATH = path.join(import.meta.dirname, "engine-versions.golden.json");
type Golden = Record<string, { engineVersion: number; referenceOutputHash: string }>;

/** The forecast tests' improvingflow throughput (Troy Magennis' reference data). */
const IMPROVINGFLOW = [1, 3, 5, 3, 7, 8, 0, 5, 3, 1, 8, 2];
const SEED = 42;
const run = { trials: 10_000, seed: SEED };
const rng = () => ({ rng: createRng(SEED) });

/** Each engine's reference case: its output for fixed inputs and seeds. */
const REFERENCE = {
  "forecast.when": () =>
    forecastWhen(
      {
        ...run,
        samples: IMPROVINGFLOW,
        backlog: { min: 80, max: 120 },
        percentiles: [50, 70, 85, 95],
        startDate: "2024-01-01",
        deadline: "2024-06-03",
        splitRate: [1, 1.2],
        risks: [{ likelihood: 0.3, low: 2, mode: 5, high: 12 }],
      },
      rng(),
    ),
  "forecast.howMany": () =>
    forecastHowMany({ ...run, samples: IMPROVINGFLOW, periods: 10, percentiles: [50, 85, 95] }, rng()),
  "forecast.deadline": () =>
    forecastDeadline(
      {
        ...run,
        samples: IMPROVINGFLOW,
        backlog: 100,
        startDate: "2024-01-01",
        deadline: "2024-07-01",
        percentiles: [50, 85, 95],
      },
      rng(),
    ),
  "forecast.backtest": () =>
    backtest(
      { ...run, samples: [5, 5, 5, 5, 2, 3, 2, 9, 9], backlog: 10, minTrain: 4, window: 4, percentiles: [50, 95] },
      rng(),
    ),
  "forecast.cutLine": () =>
    forecastCutLine(
      {
        ...run,
        samples: IMPROVINGFLOW,
        percentiles: [50, 85, 95],
        features: [
          { name: "A", size: 10 },
          { name: "B", size: { min: 8, max: 20 } },
        ],
      },
      rng(),
    ),
  /**
   * The variants and tornado of a forecast.when input, over fixed stand-in results (the forecasts
   * themselves are forecast.when's engine, guarded above): P85 = 10 + the variant's step, dated weekly.
   */
  "forecast.sensitivity": () => {
    const p = sensitivityPlan({
      ...run,
      samples: IMPROVINGFLOW,
      backlog: { min: 50, max: 70 },
      percentiles: [50, 95],
      focus: 0.8,
      splitRate: [1, 1.2],
      team: { historical: 4, current: 5 },
      leadTimes: [3, 9],
      risks: [
        { likelihood: 0.3, low: 2, mode: 5, high: 12 },
        { likelihood: 1, low: 1, mode: 1, high: 4 },
      ],
    });
    const outcomes = [p.base, ...p.variants].map((_, i) => ({
      percentiles: { "85": 10 + ((i * 7) % 11) },
      dates: { "85": addDays("2024-01-01", 7 * (10 + ((i * 7) % 11))) },
      maxPeriods: 1000,
    }));
    return { inputs: p.variants.map((v) => v.input), tornado: tornadoOf(tornadoPlan(p), outcomes) };
  },
  eto: () => ({ daily: etoDaily(EX18), day: etoHourly(EX19_DAY), night: etoHourly(EX19_NIGHT) }),
  portfolio: () => ({
    metrics: computeMetrics([0.01, -0.02, 0.015, null, 0.03, -0.01, 0.005, 0.02, -0.015, 0.01], {
      periodsPerYear: 252,
    }),
    maxSharpe: maxSharpe(B3_MU, B3_COV),
    minVolatility: minVolatility(B3_COV, { mu: B3_MU }),
    frontier: efficientFrontier(B3_MU, B3_COV, { points: 12 }),
  }),
  reports: () => {
    const o = { locale: "en" as const, generatedAt: "2025-02-26T10:30:00.000Z" };
    const pt = { ...o, locale: "pt-BR" as const };
    const models = [
      buildAssetReport(assetAnalysis(), o),
      buildCompareReport(comparison(), pt),
      buildPortfolioReport(portfolioAnalysis(), o),
      buildMarketOverviewReport(marketData(), pt),
    ];
    return models.map((m) => ({ model: m, markdown: renderMarkdown(m), html: renderHtml(m) }));
  },
} satisfies Record<string, () => unknown>;
type Engine = keyof typeof REFERENCE;

/** Which engine each task's results come from (a split run's chunks and a batch's steps: their parent's). */
function engineOf(task: string): Engine | undefined {
  if (/^forecast\.(when|howMany|deadline)(Chunk)?$/.test(task)) return task.replace(/Chunk$/, "") as Engine;
  if (task === "forecast.backtest" || task === "forecast.cutLine") return task;
  if (task === "forecast.sensitivityMerge") return "forecast.sensitivity";
  if (["eto.compute", "eto.computeChunk", "eto.mergeBatch"].includes(task)) return "eto";
  if (task.startsWith("analysis.") && task !== "analysis.batch") return "portfolio";
  if (task.startsWith("reports.") && task !== "reports.cleanup") return "reports";
  return undefined;
}
/** Tasks of those slices that have no engine: they start a workflow, fetch, or clean up. */
const WITHOUT_ENGINE = ["analysis.batch", "eto.prefetch", "eto.cacheCleanup", "reports.cleanup"];

const hashOf = (v: unknown) => createHash("sha256").update(canonicalJson(v)).digest("hex");

/** What is wrong with one task against the golden (null: nothing). */
function judge(
  task: string,
  version: number | undefined,
  hash: string,
  golden: Golden[string] | undefined,
): string | null {
  const entry = JSON.stringify({ [task]: { engineVersion: version, referenceOutputHash: hash } });
  if (version === undefined) return `${task}: its results come from an engine; declare engineVersion on its defineTask`;
  if (!golden) return `${task}: not in engine-versions.golden.json; add ${entry}`;
  if (version !== golden.engineVersion)
    return golden.referenceOutputHash === hash && version < golden.engineVersion
      ? `${task}: engineVersion went back from ${golden.engineVersion} to ${version}`
      : `${task}: engineVersion changed from ${golden.engineVersion} to ${version} but engine-versions.golden.json was not updated; set ${entry}`;
  if (golden.referenceOutputHash !== hash)
    return `${task}: the output of its engine's reference case changed (hash ${hash}) but engineVersion is still ${version}: bump engineVersion of ${task} (to ${version + 1}) and update engine-versions.golden.json`;
  return null;
}

const readGolden = (): Golden => JSON.parse(fs.readFileSync(GOLDEN_PATH, "utf8")) as Golden;

describe("the engine-version guard", () => {
  const hashes = new Map<Engine, string>();
  const hashFor = (e: Engine) => {
    if (!hashes.has(e)) hashes.set(e, hashOf(REFERENCE[e]()));
    return hashes.get(e)!;
  };
  const engineTasks = taskList.filter((t) => engineOf(t.name));

  it("knows an engine for every engine task, and only them declare an engine version", () => {
    expect(engineTasks.length).toBeGreaterThan(20);
    const slices = /^(forecast|eto|analysis|reports)\./;
    const unknown = taskList.filter(
      (t) => slices.test(t.name) && !engineOf(t.name) && !WITHOUT_ENGINE.includes(t.name),
    );
    expect(
      unknown.map((t) => t.name),
      "a new task: map it to its engine in engineOf, or list it in WITHOUT_ENGINE",
    ).toEqual([]);
    const stray = taskList.filter((t) => t.engineVersion !== undefined && !engineOf(t.name));
    expect(
      stray.map((t) => t.name),
      "declares an engineVersion without a reference case",
    ).toEqual([]);
  });

  it("gives each task of one engine the same version as its parent (a chunk is its parent's engine)", () => {
    const byName = new Map(taskList.map((t) => [t.name, t]));
    for (const t of engineTasks.filter((t) => t.name.endsWith("Chunk") && t.name.startsWith("forecast.")))
      expect(t.engineVersion, t.name).toBe(byName.get(t.name.replace(/Chunk$/, ""))!.engineVersion);
  });

  it("matches the golden: a reference output that changed needs a bump, a bump needs the golden updated", () => {
    const golden = readGolden();
    const now = Object.fromEntries(
      engineTasks.map((t) => [
        t.name,
        { engineVersion: t.engineVersion!, referenceOutputHash: hashFor(engineOf(t.name)!) },
      ]),
    );
    const problems = engineTasks.map((t) =>
      judge(t.name, t.engineVersion, now[t.name]!.referenceOutputHash, golden[t.name]),
    );
    const stale = Object.keys(golden).filter((k) => !(k in now));
    if (process.env.UPDATE_ENGINE_GOLDEN === "1") {
      const refused = engineTasks.filter(
        (t) =>
          golden[t.name] &&
          golden[t.name]!.engineVersion === t.engineVersion &&
          golden[t.name]!.referenceOutputHash !== now[t.name]!.referenceOutputHash,
      );
      expect(
        refused.map((t) => t.name),
        "bump engineVersion of these before updating the golden",
      ).toEqual([]);
      const sorted = Object.fromEntries(Object.entries(now).sort(([a], [b]) => a.localeCompare(b)));
      fs.writeFileSync(GOLDEN_PATH, `${JSON.stringify(sorted, null, 2)}\n`);
      return;
    }
    expect(problems.filter(Boolean)).toEqual([]);
    expect(stale, "in the golden but no longer a task with an engine: remove them").toEqual([]);
  });

  it("gives the same reference output on a second run (the cases are deterministic)", () => {
    for (const e of Object.keys(REFERENCE) as Engine[]) expect(hashOf(REFERENCE[e]()), e).toBe(hashFor(e));
  });
});

describe("judge (the guard's rule)", () => {
  const g = { engineVersion: 2, referenceOutputHash: "aaa" };
  it("passes an unchanged output under an unchanged version", () => {
    expect(judge("forecast.when", 2, "aaa", g)).toBeNull();
  });
  it("fails a changed output under an unchanged version, telling to bump", () => {
    expect(judge("forecast.when", 2, "bbb", g)).toMatch(/changed .*bump engineVersion of forecast\.when \(to 3\)/);
  });
  it("fails a bump the golden does not know, printing the entry to set", () => {
    const m = judge("forecast.when", 3, "bbb", g);
    expect(m).toMatch(/changed from 2 to 3 but engine-versions\.golden\.json was not updated/);
    expect(m).toContain('"referenceOutputHash":"bbb"');
  });
  it("fails a task without a version or a golden entry", () => {
    expect(judge("eto.compute", undefined, "aaa", g)).toMatch(/declare engineVersion/);
    expect(judge("eto.compute", 1, "aaa", undefined)).toMatch(/not in engine-versions\.golden\.json/);
  });
});
