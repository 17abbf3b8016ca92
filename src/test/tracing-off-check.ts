/**
 * Run by src/server/tracing.test.ts in a child process (`node --import tsx`): a module resolve hook
 * refuses every module of the OpenTelemetry SDK (the API stays allowed), then tracing is started as
 * the web and the worker start it. Prints what it found as JSON; exits 1 if any SDK module was asked for.
 */
import { register } from "node:module";

const hook = `export async function resolve(specifier, context, next) {
  if (/^@opentelemetry\\/(?!api$)/.test(specifier)) throw new Error("the OpenTelemetry SDK was loaded: " + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);

const { startTracing, tracingOn, traceLogFields } = await import("@/server/tracing");
const { activeTraceparent } = await import("@/runs/run-tracing");
const started = await startTracing("worker");
process.stdout.write(
  JSON.stringify({ started, on: tracingOn(), traceparent: activeTraceparent(), logFields: traceLogFields() }) + "\n",
);
