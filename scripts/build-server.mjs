#!/usr/bin/env node
/**
 * Bundles Fluxo's server processes with esbuild, so production runs compiled JavaScript (no tsx):
 *
 *   edge      src/edge/main.ts                 → dist/edge/main.mjs (+ chunks loaded on first use)
 *   worker    src/worker/main.ts               → dist/worker/main.mjs (one file: no code splitting)
 *             src/server/threads/kernel-host.ts → dist/worker/kernel-host.mjs, beside bootstrap.mjs
 *   launcher  src/launcher/start.ts            → dist/launcher/start.mjs
 *
 * The project's sources (the "@/…" alias included) are bundled; npm packages stay external and load
 * from node_modules, as in scripts/build-cli.mjs. One script for the three because `npm start` needs
 * them all, with the same options, and one esbuild service builds them at once (~1 s on 2 cores).
 *
 * The worker is not split: the kernel thread pool (src/server/threads/pool.ts) finds bootstrap.mjs and
 * kernel-host.mjs beside the file it was bundled into (import.meta.url), which must therefore be
 * dist/worker/main.mjs and not a chunk.
 *
 * Outputs are written only when their content changed, each through a temporary file and a rename, so
 * a process running from dist/ (a worker starting a kernel thread, an edge loading a chunk) never reads
 * a half-written file while another launcher builds; files no longer produced are removed after an hour.
 *
 * Usage: node scripts/build-server.mjs [edge] [worker] [launcher]   (default: all three)
 */
import { build } from "esbuild";
import { Buffer } from "node:buffer";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { nodeBundleOptions } from "./lib/esbuild-node.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STALE_AFTER_MS = 60 * 60 * 1000;

/** The commit built from (src/server/code-version.ts reads it): "" outside a git checkout. */
function buildCommit() {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "";
  }
}

const common = {
  ...nodeBundleOptions(root),
  define: { "process.env.FLUXO_BUILD_COMMIT": JSON.stringify(buildCommit()) },
  outExtension: { ".js": ".mjs" },
  write: false,
};

/** @type {Record<string, { outdir: string; builds: import("esbuild").BuildOptions[]; copy?: string[] }>} */
const TARGETS = {
  edge: {
    outdir: "dist/edge",
    builds: [{ entryPoints: { main: "src/edge/main.ts" }, splitting: true }],
  },
  worker: {
    outdir: "dist/worker",
    builds: [
      { entryPoints: { main: "src/worker/main.ts" }, splitting: false },
      { entryPoints: { "kernel-host": "src/server/threads/kernel-host.ts" }, splitting: false },
    ],
    copy: ["src/server/threads/bootstrap.mjs"],
  },
  launcher: {
    outdir: "dist/launcher",
    builds: [{ entryPoints: { start: "src/launcher/start.ts" }, splitting: false }],
  },
};

const wanted = process.argv.slice(2);
for (const t of wanted)
  if (!(t in TARGETS)) {
    process.stderr.write(`build-server: unknown target ${t} (use ${Object.keys(TARGETS).join(", ")})\n`);
    process.exit(2);
  }
const names = wanted.length ? wanted : Object.keys(TARGETS);

/** Write `content` to `file` unless it already holds it; through a rename, so readers never see half a file. */
function writeIfChanged(file, content) {
  const current = fs.existsSync(file) ? fs.readFileSync(file) : null;
  if (current && Buffer.compare(current, Buffer.from(content)) === 0) return false;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
  return true;
}

async function buildTarget(name) {
  const t = TARGETS[name];
  const outdir = path.join(root, t.outdir);
  const results = await Promise.all(t.builds.map((b) => build({ ...common, ...b, outdir })));
  fs.mkdirSync(outdir, { recursive: true });
  const produced = new Set();
  let changed = 0;
  for (const r of results)
    for (const f of r.outputFiles) {
      produced.add(f.path);
      fs.mkdirSync(path.dirname(f.path), { recursive: true });
      if (writeIfChanged(f.path, f.contents)) changed++;
    }
  for (const src of t.copy ?? []) {
    const dest = path.join(outdir, path.basename(src));
    produced.add(dest);
    if (writeIfChanged(dest, fs.readFileSync(path.join(root, src)))) changed++;
  }
  // Chunks of an earlier build may still be loaded by a process started from it: keep them a while.
  for (const e of fs.readdirSync(outdir, { withFileTypes: true, recursive: true })) {
    const file = path.join(e.parentPath ?? e.path, e.name);
    if (!e.isFile() || produced.has(file)) continue;
    if (Date.now() - fs.statSync(file).mtimeMs > STALE_AFTER_MS) fs.rmSync(file, { force: true });
  }
  return `${t.outdir} (${changed ? `${changed} file(s) written` : "up to date"})`;
}

const t0 = Date.now();
const done = await Promise.all(names.map(buildTarget));
process.stdout.write(`built ${done.join(", ")} in ${Date.now() - t0} ms\n`);
