/**
 * OpenTelemetry traces: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
 *
 * Off (the default), nothing of the SDK is loaded — it is imported dynamically by startTracing, and
 * only then — and every helper here answers from one boolean before doing anything else: no span, no
 * context, no allocation on the run's write path (the `traceparent` column is written as null).
 *
 * On, each process (the web's edge, the worker) registers a NodeTracerProvider (AsyncLocalStorage
 * context, W3C trace context) that batches spans to the collector over OTLP/HTTP. The spans of a run
 * (see src/runs/run-tracing.ts): the submit request (SERVER) → `run.enqueue` (PRODUCER) and, on the
 * worker, `run.attempt <task>` (CONSUMER, one per attempt) → `kernel <name>` (the kernel thread's work).
 * The submit's context travels with the run as its `traceparent` column (W3C format).
 *
 * Tests install an in-memory exporter with startTracingForTests.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
  type Tracer,
} from "@opentelemetry/api";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import { env } from "@/env";
import { logger } from "./logger";

export { SpanKind, SpanStatusCode };

interface Tracing {
  tracer: Tracer;
  shutdown(): Promise<void>;
}

const g = globalThis as unknown as { __fluxoTracing?: Tracing | null };

/** Tracing is on in this process (startTracing found an endpoint, or a test installed an exporter). */
export function tracingOn(): boolean {
  return g.__fluxoTracing != null;
}

function tracer(): Tracer {
  return g.__fluxoTracing!.tracer;
}

type Role = "web" | "worker" | "test";

/** The SDK, loaded on first use only (never when tracing is off). */
async function install(role: Role, processor: (sdk: typeof import("@opentelemetry/sdk-trace-base")) => unknown) {
  const [base, node, resources, semconv] = await Promise.all([
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/semantic-conventions"),
  ]);
  const provider = new node.NodeTracerProvider({
    resource: resources.resourceFromAttributes({
      [semconv.ATTR_SERVICE_NAME]: env().OTEL_SERVICE_NAME,
      "fluxo.process": role,
    }),
    spanProcessors: [processor(base) as InstanceType<typeof base.SimpleSpanProcessor>],
  });
  provider.register(); // global tracer provider, AsyncLocalStorage context manager, W3C propagator
  g.__fluxoTracing = {
    tracer: provider.getTracer("fluxo"),
    shutdown: async () => {
      g.__fluxoTracing = null;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/**
 * Start tracing in this process when OTEL_EXPORTER_OTLP_ENDPOINT is set (the web and worker entry
 * points call it first). Returns whether it did; without the variable nothing is loaded.
 */
export async function startTracing(role: "web" | "worker"): Promise<boolean> {
  const endpoint = env().OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || tracingOn()) return tracingOn();
  const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, "")}/v1/traces` });
  await install(role, (sdk) => new sdk.BatchSpanProcessor(exporter));
  logger.info({ endpoint, service: env().OTEL_SERVICE_NAME }, "tracing on (OTLP/HTTP)");
  return true;
}

/** Flush and stop tracing (process shutdown); nothing when it is off. */
export async function stopTracing(): Promise<void> {
  await g.__fluxoTracing?.shutdown().catch((err: Error) => logger.warn({ err: err.message }, "tracing shutdown"));
}

/** Tests: trace into `exporter` (e.g. InMemorySpanExporter), each span exported as it ends. */
export async function startTracingForTests(exporter: SpanExporter): Promise<() => Promise<void>> {
  await stopTracing();
  await install("test", (sdk) => new sdk.SimpleSpanProcessor(exporter));
  return stopTracing;
}

// ---------------------------------------------------------------- spans

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent (default: the active context). */
  parent?: Context;
}

/**
 * Run `fn` inside a new active span, ended when `fn` settles (status ERROR when it throws). Call only
 * when tracingOn(): the callers check first, so the off path allocates nothing.
 */
export function inSpan<T>(name: string, o: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = o.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: o.kind ?? SpanKind.INTERNAL, attributes: o.attributes }, parent);
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * A request that submits work, as the SERVER span its runs descend from (parent: the caller's
 * `traceparent` header, if any). Call only when tracingOn().
 */
export function serverSpan<T>(
  name: string,
  headers: Headers,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return inSpan(name, { kind: SpanKind.SERVER, parent: requestContext(headers), attributes }, fn);
}

/** The span active here (undefined when there is none or tracing is off). */
export function activeSpan(): Span | undefined {
  return tracingOn() ? trace.getActiveSpan() : undefined;
}

/** The context an incoming request carries (its `traceparent` header), for a SERVER span's parent. */
export function requestContext(headers: Headers): Context {
  return propagation.extract(ROOT_CONTEXT, headers, {
    keys: (h) => [...h.keys()],
    get: (h, key) => h.get(key) ?? undefined,
  });
}

// ---------------------------------------------------------------- W3C traceparent

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** `00-<trace id>-<span id>-<flags>` of a span context. */
export function formatTraceparent(sc: SpanContext): string {
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & TraceFlags.SAMPLED ? 1 : 0).toString(16).padStart(2, "0")}`;
}

/** The trace id of a stored traceparent (null when there is none or it is not one). */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  if (!traceparent) return null;
  return TRACEPARENT.exec(traceparent)?.[1] ?? null;
}

/** A context whose parent is the (remote) span a traceparent names; the root context when it names none. */
export function contextOf(traceparent: string | null | undefined): Context {
  const m = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!m) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: m[1]!,
    spanId: m[2]!,
    traceFlags: parseInt(m[3]!, 16) & TraceFlags.SAMPLED,
    isRemote: true,
  });
}

/** What traceLogFields answers when there is no trace to add (one shared object). */
export const NO_TRACE_FIELDS = Object.freeze({}) as Record<string, never>;

/** trace_id and span_id of the active span, for log lines (the logger's mixin); {} when off. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  if (!tracingOn()) return NO_TRACE_FIELDS;
  const sc = trace.getActiveSpan()?.spanContext();
  return sc && trace.isSpanContextValid(sc) ? { trace_id: sc.traceId, span_id: sc.spanId } : NO_TRACE_FIELDS;
}
