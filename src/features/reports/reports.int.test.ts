/**
 * Reports end to end on real Postgres with a real worker and a loopback chat server as the AI
 * providers: reports.asset stores a PDF (and Markdown) whose text holds the metrics, the download
 * route gives it to its owner and a 404 to anyone else, export re-renders the stored model, batch
 * export, the market overview, and the AI analysis with the answers side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { startHarness, type Caller, type Harness } from "@/test/http-harness";
import { startChatReplay, type ChatReplay } from "@/test/chat-replay-server";
import { signUpAliceAndBob } from "@/test/plain-users";
import { seedPrices, settledRun, trpcData as data, weekdays } from "@/test/market-fixtures";
import { startTestWorker } from "@/test/test-worker";
import type { FluxoWorker } from "@/worker/runner";
import { pdfText } from "./pdf-text.test-helper";
import type { ReportFileDto, ReportRunResult } from "./reports.produce";
import type { Narrative } from "./ai/narrative";

let h: Harness;
let worker: FluxoWorker;
let chat: ChatReplay;
let alice: Caller;
let bob: Caller;

const DATES = weekdays(300);
const series = (k: number) =>
  DATES.map((_, i) => 20 * (1 + k * 0.1) * (1 + 0.0005 * i) * (1 + 0.03 * Math.sin(i / (4 + k))));

beforeAll(async () => {
  chat = await startChatReplay();
  h = await startHarness("fluxo_test_reports", {
    RATE_LIMIT_SUBMIT_PER_MIN: "10000",
    MARKET_PROVIDER: "demo",
    AI_PROVIDERS: JSON.stringify([chat.provider("alpha", { apiKey: "sk-a" }), chat.provider("beta")]),
    AI_TIMEOUT_MS: "5000",
  });
  chat.requireKey("alpha", "sk-a");
  ({ alice, bob } = await signUpAliceAndBob(h));
  await seedPrices(DATES, { RPTA3: series(0), RPTB4: series(1), RPTC3: series(2) });
  const { reportsTasks } = await import("./reports.task");
  worker = await startTestWorker(h.db.url, [...reportsTasks] as never, 4);
});

afterAll(async () => {
  await worker?.stop();
  await h?.close();
  await chat?.close();
});

interface RunView {
  status: string;
  result: unknown;
  error: { message: string } | null;
  progress: number;
  stage: string | null;
}
const settled = (as: Caller, runId: string, ms = 60_000) => settledRun<RunView>(as, runId, ms);

/** GET /api/v1/reports/:id as raw bytes. */
async function download(as: Caller, id: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await h.fetch(new Request(`http://fluxo.test/api/v1/reports/${id}`, { headers: as.headers() }));
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

let pdfFile: ReportFileDto;
let assetRunId: string;

describe("reports.asset", () => {
  it("stores a PDF and Markdown of the asset, with the metrics and the AI answers side by side", async () => {
    const { runId } = data<{ runId: string }>(
      await alice.trpcMutation("reports.generate", {
        kind: "asset",
        ticker: "rpta3",
        formats: ["pdf", "md"],
        locale: "en",
      }),
    );
    assetRunId = runId;
    const run = await settled(alice, runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect(run.progress).toBe(1);
    const result = run.result as ReportRunResult;
    const [report] = result.reports;
    expect(report!.files.map((f) => f.format)).toEqual(["pdf", "md"]);
    pdfFile = report!.files[0]!;
    expect(pdfFile).toMatchObject({ kind: "asset", mime: "application/pdf", title: "Asset report: RPTA3" });
    const narrative = report!.model.sections.flatMap((s) => s.blocks).find((b) => b.type === "narrative");
    expect(narrative?.type === "narrative" && narrative.narrative.answers.map((a) => [a.provider, a.ok])).toEqual([
      ["alpha", true],
      ["beta", true],
    ]);
    expect(chat.requests.find((r) => r.provider === "alpha")?.authorization).toBe("Bearer sk-a");

    const metrics = report!.model.sections[0]!.blocks[0]!;
    const annual = metrics.type === "metrics" ? metrics.rows.find((r) => r.label === "Annual return")!.value : "";
    expect(annual).toMatch(/^-?\d+\.\d{2}%$/);
    const got = await download(alice, pdfFile.id);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("application/pdf");
    expect(got.headers.get("content-disposition")).toBe(`attachment; filename="${pdfFile.filename}"`);
    expect(got.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const { text } = await pdfText(got.bytes);
    expect(text).toContain("Asset report: RPTA3");
    expect(text).toContain(`Annual return`);
    expect(text).toContain(annual);
    expect(text).toContain("Consensus by alpha");
  });

  it("answers 404 to another user, lists the file only for its owner", async () => {
    expect((await download(bob, pdfFile.id)).status).toBe(404);
    const r = await bob.api(`/api/v1/reports/${pdfFile.id}`);
    expect(r.status).toBe(404);
    const mine = await alice.api("/api/v1/reports?limit=10");
    expect((mine.body as { items: { id: string }[] }).items.map((f) => f.id)).toContain(pdfFile.id);
    const theirs = await bob.api("/api/v1/reports?limit=10");
    expect((theirs.body as { items: { id: string }[] }).items.map((f) => f.id)).not.toContain(pdfFile.id);
    expect((await bob.trpcMutation("reports.remove", { id: pdfFile.id })).status).toBe(404);
    expect((await bob.trpcMutation("reports.export", { reportId: pdfFile.id, format: "html" })).status).toBe(404);
  });

  it("refuses bad input naming the field, and an unknown report id with 404", async () => {
    const r = await alice.trpcMutation("reports.generate", { kind: "compare", tickers: ["RPTA3"], formats: ["pdf"] });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("tickers must list at least 2 assets");
    const f = await alice.trpcMutation("reports.batchExport", { reportIds: [], format: "pdf" });
    expect(JSON.stringify(f.body)).toContain("reportIds must list at least 1 report");
    const bad = await alice.api("/api/v1/reports/nope");
    expect(bad.status).toBe(400);
  });
});

describe("export, batch export, market overview, AI analysis", () => {
  it("re-renders a stored report in another format (reports.export) and several at once (reports.batchExport)", async () => {
    const { runId } = data<{ runId: string }>(
      await alice.trpcMutation("reports.export", { reportId: pdfFile.id, format: "html" }),
    );
    const run = await settled(alice, runId);
    expect(run.status).toBe("succeeded");
    const html = (run.result as ReportRunResult).reports[0]!.files[0]!;
    const got = await download(alice, html.id);
    expect(got.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(got.bytes.toString("utf8")).toContain("<h1>Asset report: RPTA3</h1>");

    const files = data<ReportFileDto[]>(await alice.trpcQuery("reports.list", { runId: assetRunId }));
    const batch = data<{ runId: string }>(
      await alice.trpcMutation("reports.batchExport", { reportIds: files.map((f) => f.id), format: "md" }),
    );
    const b = await settled(alice, batch.runId);
    expect(b.status).toBe("succeeded");
    expect((b.result as ReportRunResult).reports).toHaveLength(files.length);
  });

  it("makes a market overview of all assets when the user watches none", async () => {
    const { runId } = data<{ runId: string }>(
      await alice.trpcMutation("reports.generate", { kind: "marketOverview", formats: ["md"], locale: "pt-BR" }),
    );
    const run = await settled(alice, runId);
    expect(run.status).toBe("succeeded");
    const [report] = (run.result as ReportRunResult).reports;
    const md = (await download(alice, report!.files[0]!.id)).bytes.toString("utf8");
    expect(md).toContain("# Panorama do mercado");
    expect(md).toContain("RPTB4");
  });

  it("reports.aiAnalysis gives the providers' answers side by side, one failing", async () => {
    chat.set("beta", { kind: "status", status: 429 });
    const { runId } = data<{ runId: string }>(
      await alice.trpcMutation("reports.aiAnalysis", { ticker: "RPTB4", locale: "en" }),
    );
    const run = await settled(alice, runId);
    expect(run.status).toBe("succeeded");
    const n = (run.result as { narrative: Narrative }).narrative;
    expect(n.source).toBe("ai");
    expect(n.answers[0]).toMatchObject({ provider: "alpha", ok: true });
    expect(n.answers[1]).toMatchObject({ provider: "beta", ok: false, status: 429 });
    expect(n.consensus?.method).toBe("single");
  });
});

describe("reports.cleanup", () => {
  it("deletes the report files older than the window and keeps the newer ones", async () => {
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: h.db.url });
    await client.connect();
    try {
      const old = new Date(Date.now() - 100 * 86_400_000);
      const [oldId, newId, runId] = [randomUUID(), randomUUID(), randomUUID()];
      const insert =
        "insert into report_files (id, run_id, kind, format, title, filename, mime, bytes, size, created_at) values ($1, $2, 'asset', 'md', 't', 't.md', 'text/markdown', '\\x00', 1, $3)";
      await client.query(insert, [oldId, runId, old]);
      await client.query(insert, [newId, runId, new Date()]);
      const { enqueue } = await import("@/runs/enqueue");
      const { reportsCleanupTask } = await import("./reports-cleanup.task");
      const { waitForRun } = await import("@/test/wait-for-run");
      const run = await enqueue(reportsCleanupTask, reportsCleanupTask.complete!({}) as never, { ownerId: null });
      const done = await waitForRun(run.id, (r) => r.status === "succeeded" || r.status === "failed", 20_000);
      expect(done.status, JSON.stringify(done.error)).toBe("succeeded");
      expect((done.result as { olderThanDays: number; deleted: { files: number } }).olderThanDays).toBe(90);
      expect((done.result as { deleted: { files: number } }).deleted.files).toBe(1);
      const left = (await client.query("select id from report_files where run_id = $1", [runId])).rows.map((r) => r.id);
      expect(left).toEqual([newId]);
      expect(reportsCleanupTask.input.safeParse({ olderThanDays: 3 }).error?.issues[0]?.message).toBe(
        "olderThanDays must be at least 7 days",
      );
    } finally {
      await client.end();
    }
  });
});
