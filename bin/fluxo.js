#!/usr/bin/env node
// The `fluxo` command: a tiny shim that loads the bundled CLI built by `npm run build:cli`.
import { existsSync } from "node:fs";
import process from "node:process";
import { URL } from "node:url";

const bundle = new URL("../dist/cli/fluxo.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("fluxo: the CLI is not built yet; run `npm run build:cli`\n");
  process.exit(1);
}
await import(bundle.href);
