#!/usr/bin/env node
/**
 * Bundles the `fluxo` CLI (src/cli/main.ts) into dist/cli/fluxo.mjs with esbuild.
 * The project's own sources (including the "@/…" alias from tsconfig.json) are bundled;
 * npm packages stay external and load from node_modules, which keeps startup fast.
 * Usage: node scripts/build-cli.mjs
 */
import { build } from "esbuild";
import { copyFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { nodeBundleOptions } from "./lib/esbuild-node.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outfile = path.join(root, "dist/cli/fluxo.mjs");

const common = nodeBundleOptions(root);
await build({ ...common, entryPoints: ["src/cli/main.ts"], outfile });
// Kernel threads (src/server/threads/pool.ts, bundled above) start bootstrap.mjs next to the
// bundle, which imports kernel-host.mjs: `fluxo compute forecast.when` shares large runs with one.
await build({
  ...common,
  entryPoints: ["src/server/threads/kernel-host.ts"],
  outfile: path.join(root, "dist/cli/kernel-host.mjs"),
});
copyFileSync(path.join(root, "src/server/threads/bootstrap.mjs"), path.join(root, "dist/cli/bootstrap.mjs"));

process.stdout.write(`built ${path.relative(root, outfile)}\n`);
