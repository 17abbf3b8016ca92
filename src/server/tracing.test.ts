import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { TraceFlags, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { contextOf, formatTraceparent, traceIdOf, tracingOn } from "./tracing";

const root = path.resolve(import.meta.dirname, "../..");

/** src/test/tracing-off-check.ts in a fresh Node process, with `env` over this one's (OTEL_* removed). */
async function checkInChild(env: Record<string, string>) {
  const base = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith("OTEL_")) delete base[k];
  return promisify(execFile)(process.execPath, ["--import", "tsx", "src/test/tracing-off-check.ts"], {
    cwd: root,
    env: { ...base, LOG_LEVEL: "silent", ...env },
  });
}

describe("tracing off (no OTEL_EXPORTER_OTLP_ENDPOINT)", () => {
  it("never loads the SDK, and leaves no trace context and no log fields", async () => {
    const { stdout } = await checkInChild({});
    expect(JSON.parse(stdout)).toEqual({ started: false, on: false, traceparent: null, logFields: {} });
  }, 30_000);

  it("loads it once the endpoint is set (so the check above can see a load)", async () => {
    await expect(checkInChild({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).rejects.toThrow(
      /the OpenTelemetry SDK was loaded: @opentelemetry\/exporter-trace-otlp-http/,
    );
  }, 30_000);

  it("is off in this process too: no trace id for a run without a traceparent", () => {
    expect(tracingOn()).toBe(false);
    expect(traceIdOf(null)).toBeNull();
    expect(traceIdOf(undefined)).toBeNull();
  });
});

describe("W3C traceparent", () => {
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  const spanId = "00f067aa0ba902b7";

  it("is written from a span context and read back to it", () => {
    const tp = formatTraceparent({ traceId, spanId, traceFlags: TraceFlags.SAMPLED });
    expect(tp).toBe(`00-${traceId}-${spanId}-01`);
    expect(formatTraceparent({ traceId, spanId, traceFlags: TraceFlags.NONE })).toBe(`00-${traceId}-${spanId}-00`);
    expect(traceIdOf(tp)).toBe(traceId);
    expect(trace.getSpanContext(contextOf(tp))).toEqual({
      traceId,
      spanId,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });

  it("names no trace when it is not one", () => {
    for (const bad of [
      "",
      "garbage",
      `01-${traceId}-${spanId}-01`,
      `00-${traceId.toUpperCase()}-${spanId}-01`,
      `00-${traceId}-${spanId}`,
    ]) {
      expect(traceIdOf(bad)).toBeNull();
      expect(trace.getSpanContext(contextOf(bad))).toBeUndefined();
    }
  });
});
