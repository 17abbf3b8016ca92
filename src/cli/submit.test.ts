import { describe, expect, it } from "vitest";
import { ENQUEUE_LIMITS } from "@/runs/enqueue";
import { CliError, type CliIo } from "./io";
import { chunkBatch, parseBatchFile, parseSubmitArgs, submit } from "./submit";
import { parseDuration, SUBMIT_LIMITS } from "./submit-options";

const NOW = Date.parse("2026-12-05T12:00:00Z");
const usageError = (f: () => unknown, message: RegExp) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(2);
    expect((e as CliError).message).toMatch(message);
    return;
  }
  throw new Error("expected a usage error");
};

/** A CLI io whose server answers from `answer` and records every request. */
function fakeIo(files: Record<string, string>, answer: (path: string, body: unknown) => Response) {
  const sent: { method: string; path: string; body: unknown }[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    readFile: async (p) => {
      if (!(p in files)) throw new Error(`ENOENT: ${p}`);
      return files[p]!;
    },
    readStdin: async () => "",
    stdinIsTTY: true,
    env: { FLUXO_URL: "http://fluxo.test", FLUXO_TOKEN: "fxt_test" },
    fetch: (async (url: string, init: RequestInit) => {
      const path = new URL(url).pathname;
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      sent.push({ method: init.method ?? "GET", path, body });
      return answer(path, body);
    }) as typeof fetch,
    sleep: async () => {},
    errIsTTY: false,
    onInterrupt: () => () => {},
  };
  return { io, sent, out: () => out.join(""), err: () => err.join("") };
}

describe("fluxo submit options", () => {
  it("mirrors the server's enqueue limits", () => {
    expect(SUBMIT_LIMITS).toEqual(ENQUEUE_LIMITS);
  });

  it("reads durations as 30s, 5m, 2h, 1d, 250ms or bare milliseconds", () => {
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("5m")).toBe(300_000);
    expect(parseDuration("2h")).toBe(7_200_000);
    expect(parseDuration("1d")).toBe(86_400_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("1500")).toBe(1500);
    for (const bad of ["", "-5s", "1.5h", "5 minutes", "m", "1e3"]) expect(parseDuration(bad)).toBeNull();
  });

  it("turns the flags into the API's fields", () => {
    const a = parseSubmitArgs(
      [
        "eto.compute",
        "--priority",
        "-20",
        "--delay=5m",
        "--idempotency-key",
        "nightly-2026-12-05",
        "--concurrency-key",
        "farm-7",
        "--concurrency-limit",
        "3",
        "--input",
        "in.json",
      ],
      NOW,
    );
    expect(a).toMatchObject({ task: "eto.compute", inputPath: "in.json", wait: false });
    expect(a.options).toEqual({
      priority: -20,
      delayMs: 300_000,
      idempotencyKey: "nightly-2026-12-05",
      concurrencyKey: "farm-7",
      concurrencyLimit: 3,
    });
    expect(parseSubmitArgs(["t.x", "--at", "2026-12-06T09:30:00-03:00"], NOW).options.runAt).toBe(
      "2026-12-06T12:30:00.000Z",
    );
  });

  it("refuses a bad value with exit 2 naming the flag", () => {
    const p =
      (...args: string[]) =>
      () =>
        parseSubmitArgs(["forecast.when", ...args], NOW);
    usageError(p("--priority", "5000"), /--priority must be a whole number within -1000\.\.1000, got "5000"/);
    usageError(p("--priority", "1.5"), /--priority/);
    usageError(p("--priority"), /--priority needs a value/);
    usageError(p("--delay", "soon"), /--delay must be a duration such as 30s, 5m, 2h/);
    usageError(p("--delay", "31d"), /--delay must be at most 30 days/);
    usageError(p("--at", "tomorrow"), /--at must be an ISO 8601 date and time/);
    usageError(p("--at", "2027-02-01T00:00Z"), /--at must be within 30 days/);
    usageError(p("--delay", "5m", "--at", "2026-12-06T00:00Z"), /one of --delay and --at/);
    usageError(p("--idempotency-key", "x".repeat(201)), /--idempotency-key must be 1\.\.200 characters/);
    usageError(p("--concurrency-limit", "2"), /--concurrency-limit needs --concurrency-key/);
    usageError(
      p("--concurrency-key", "k", "--concurrency-limit", "0"),
      /--concurrency-limit must be a whole number within 1\.\.1000/,
    );
    usageError(() => parseSubmitArgs([], NOW), /needs a task name .* or --batch FILE/);
    usageError(
      () => parseSubmitArgs(["--batch", "f.jsonl", "--priority", "3"], NOW),
      /--batch cannot be combined with --priority/,
    );
    usageError(
      () => parseSubmitArgs(["forecast.when", "--batch", "f.jsonl"], NOW),
      /--batch cannot be combined with a task name \(forecast\.when\)/,
    );
  });
});

describe("fluxo submit --batch files", () => {
  it("reads one object per line, skipping blank lines, and remembers each line's number", () => {
    const lines = parseBatchFile('{"task":"a.b","input":{}}\n\n  \r\n{"task":"c.d","priority":2}\n', "f.jsonl");
    expect(lines).toEqual([
      { line: 1, run: { task: "a.b", input: {} } },
      { line: 4, run: { task: "c.d", priority: 2 } },
    ]);
  });

  it("names the line that is not JSON, or not a run (exit 2)", () => {
    usageError(
      () => parseBatchFile('{"task":"a.b"}\n{"task": nope}\n', "f.jsonl"),
      /f\.jsonl line 2 is not valid JSON/,
    );
    usageError(
      () => parseBatchFile('{"task":"a.b"}\n\n[1,2]\n', "f.jsonl"),
      /f\.jsonl line 3 must be a JSON object with a "task"/,
    );
    usageError(() => parseBatchFile("\n\n", "f.jsonl"), /has no runs/);
  });

  it("splits past 1,000 runs, or past the request size, keeping the order", () => {
    const lines = Array.from({ length: 2500 }, (_, i) => ({ line: i + 1, run: { task: "a.b", input: { i } } }));
    expect(chunkBatch(lines).map((c) => [c.length, c[0]!.line])).toEqual([
      [1000, 1],
      [1000, 1001],
      [500, 2001],
    ]);
    const big = Array.from({ length: 10 }, (_, i) => ({ line: i + 1, run: { task: "a.b", input: "x".repeat(300) } }));
    expect(chunkBatch(big, 1000).map((c) => c.length)).toEqual([3, 3, 3, 1]);
  });
});

describe("fluxo submit against a server", () => {
  it("sends the options with the run to POST /api/v1/runs and says when the key named an earlier run", async () => {
    const f = fakeIo(
      { "in.json": '{"samples":[1,2],"backlog":5}' },
      () =>
        new Response(JSON.stringify({ runId: "r-1", status: "scheduled" }), {
          status: 200,
          headers: { "idempotent-replayed": "true" },
        }),
    );
    await submit(["forecast.when", "--input", "in.json", "--delay", "30s", "--idempotency-key", "k1"], f.io);
    expect(f.sent).toEqual([
      {
        method: "POST",
        path: "/api/v1/runs",
        body: { task: "forecast.when", input: { samples: [1, 2], backlog: 5 }, delayMs: 30_000, idempotencyKey: "k1" },
      },
    ]);
    expect(JSON.parse(f.out())).toEqual({ runId: "r-1", status: "scheduled" });
    expect(f.err()).toMatch(/already names run r-1: nothing new was queued/);
  });

  it("sends a long file in requests of at most 1,000 runs, says so, and prints index runId status per run", async () => {
    const file = Array.from({ length: 1001 }, (_, i) => JSON.stringify({ task: "a.b", input: { i } })).join("\n");
    let next = 0;
    const f = fakeIo({ "runs.jsonl": file }, (_path, body) => {
      const runs = (body as { runs: unknown[] }).runs.map((_, index) => ({
        index,
        runId: `r${next++}`,
        status: "queued",
      }));
      return Response.json({ runs }, { status: 202 });
    });
    await submit(["--batch", "runs.jsonl"], f.io);
    expect(f.sent.map((s) => [s.path, (s.body as { runs: unknown[] }).runs.length])).toEqual([
      ["/api/v1/runs/batch", 1000],
      ["/api/v1/runs/batch", 1],
    ]);
    expect(f.err()).toMatch(/1,001 runs: sending them in 2 requests of at most 1,000 runs/);
    const out = f.out().trim().split("\n");
    expect(out).toHaveLength(1001);
    expect(out[0]).toBe("0 r0 queued");
    expect(out[1000]).toBe("1000 r1000 queued");
  });

  it("names the file's line of a run the server refuses (exit 2)", async () => {
    const file = ['{"task":"a.b","input":{}}', "", '{"task":"a.b","input":{"backlog":-1}}'].join("\n");
    const f = fakeIo({ "runs.jsonl": file }, () =>
      Response.json(
        {
          error: {
            code: "BAD_REQUEST",
            message: "runs.1.input.backlog: backlog must be at least 1",
            fields: [{ path: "runs.1.input.backlog", message: "backlog must be at least 1" }],
          },
        },
        { status: 400 },
      ),
    );
    const e = await submit(["--batch", "runs.jsonl"], f.io).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(2);
    expect((e as CliError).message).toBe("fluxo: line 3 (input.backlog): backlog must be at least 1");
    expect(f.out()).toBe("");
  });
});
