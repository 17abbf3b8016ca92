/**
 * Prisma's WebAssembly schema engine (`@prisma/schema-engine-wasm`): loading it, turning its panics
 * and error values into Errors, and `withEngine`, which runs one operation on an engine bound to a
 * database through the patched adapter (./adapter.ts).
 *
 * Every pool is ended when an operation finishes (the engine leaves idle pg-pool clients with a 10 s
 * idle timer otherwise), so a process that only migrated exits at once.
 */
import { createRequire } from "node:module";
import fs from "node:fs/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { MigrateAdapterFactory, sameDatabase } from "./adapter";
import { paths } from "./layout";
import type { MigrateOptions } from "./types";

export type Engine = Record<string, (input?: unknown) => Promise<unknown>> & { free(): void };
interface EngineClass {
  new: (options: { datamodels: [string, string][] }, log: (msg: string) => void, adapter: object) => Promise<Engine>;
}
let engineClass: EngineClass | undefined;
const engineTimers = new Set<ReturnType<typeof setTimeout>>();
let engineOps = 0;

/** The engine reports a Rust panic's message here before trapping; it is added to the error we throw. */
let lastPanic: string | undefined;
const panicRegistry = { set_message: (m: string) => void (lastPanic = m) };

async function loadEngineClass(): Promise<EngineClass> {
  if (engineClass) return engineClass;
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= panicRegistry;
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as Record<string, unknown> & {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
    SchemaEngine: EngineClass;
  };
  const wasmModule = new WebAssembly.Module(readFileSync(path.join(path.dirname(gluePath), "schema_engine_bg.wasm")));
  // The engine arms timers (e.g. a 10 s timeout) it never clears: route them through a registry so
  // they are cleared when no engine operation is running and cannot keep the process alive.
  const imports: Record<string, unknown> = { ...glue };
  for (const key of Object.keys(glue)) {
    if (key.startsWith("__wbg_setTimeout_")) {
      imports[key] = (fn: () => void, ms: number) => {
        const t = setTimeout(() => {
          engineTimers.delete(t);
          fn();
        }, ms >>> 0);
        engineTimers.add(t);
        return t;
      };
    }
  }
  const instance = new WebAssembly.Instance(wasmModule, {
    "./schema_engine_bg.js": imports as WebAssembly.ModuleImports,
  });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  engineClass = glue.SchemaEngine;
  return engineClass;
}

/** Engine errors arrive as objects or JSON strings; make them Errors with a readable message. */
function engineError(e: unknown): Error {
  if (e instanceof Error) return e;
  let v = e as { message?: string; error?: string; error_code?: string } | null;
  if (typeof e === "string") {
    try {
      v = JSON.parse(e) as typeof v;
    } catch {
      return new Error(e);
    }
  }
  const msg = v?.message ?? v?.error ?? JSON.stringify(v);
  const err = new Error(`${v?.error_code ? `${v.error_code}: ` : ""}${msg}`);
  (err as Error & { code?: string }).code = v?.error_code;
  return err;
}

/** Run `fn` with a schema engine bound to `databaseUrl`; always frees the engine and ends pools. */
export async function withEngine<T>(
  databaseUrl: string,
  opts: MigrateOptions,
  fn: (engine: Engine) => Promise<T>,
): Promise<T> {
  const { schemaPath } = paths(opts);
  const shadowUrl = opts.shadowDatabaseUrl ?? process.env.SHADOW_DATABASE_URL ?? undefined;
  if (shadowUrl && sameDatabase(shadowUrl, databaseUrl)) {
    throw new Error("SHADOW_DATABASE_URL must name a different database than DATABASE_URL (it is wiped)");
  }
  const SchemaEngine = await loadEngineClass();
  const factory = new MigrateAdapterFactory(databaseUrl, shadowUrl || undefined);
  const debug = process.env.FLUXO_MIGRATE_DEBUG === "1";
  let engine: Engine | undefined;
  // A Rust panic traps inside a callback (an uncaught exception, not a rejection): turn it into this
  // operation's error. Other uncaught exceptions keep their default outcome.
  let onPanic: (e: Error) => void = () => {};
  const panicked = new Promise<never>((_, reject) => (onPanic = reject));
  panicked.catch(() => {});
  const onUncaught = (e: unknown) => {
    if (e instanceof WebAssembly.RuntimeError) {
      engineClass = undefined; // the instance is unusable after a trap: load a fresh one next time
      onPanic(new Error(`schema engine panicked: ${lastPanic ?? e.message}`));
    } else if (process.listenerCount("uncaughtException") === 1) {
      console.error(e);
      process.exit(1);
    }
  };
  process.on("uncaughtException", onUncaught);
  engineOps++;
  try {
    engine = await SchemaEngine.new(
      { datamodels: [[schemaPath, await fs.readFile(schemaPath, "utf8")]] },
      (msg: string) => {
        if (debug) process.stderr.write(`[schema-engine] ${msg}\n`);
      },
      bindMigrationAwareSqlAdapterFactory(factory as never),
    ).catch((e: unknown) => {
      throw engineError(e);
    });
    const e = engine;
    return await Promise.race([fn(e), panicked]);
  } finally {
    process.removeListener("uncaughtException", onUncaught);
    try {
      engine?.free();
    } catch {
      /* already freed */
    }
    await factory.close();
    if (--engineOps === 0) {
      for (const t of engineTimers) clearTimeout(t);
      engineTimers.clear();
    }
  }
}

export async function call<T>(engine: Engine, method: string, input: unknown): Promise<T> {
  try {
    return (await engine[method]!.call(engine, input)) as T;
  } catch (e) {
    throw engineError(e);
  }
}
