#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration (real Postgres, and Redis when REDIS_URL is set),
// then Playwright end-to-end in Debian's Chromium (installed with apt-get when missing and possible),
// then the short chaos run (scripts/chaos.ts --short) and, as root, the short cluster run (scripts/cluster).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function run(title, cmd, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (!isRoot || !hasApt) {
    console.error(
      `✖ Chromium not found at ${CHROMIUM}: install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  run("installing Debian's chromium (apt-get)", "sh", [
    "-c",
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
  ]);
}

const bin = (name) => `node_modules/.bin/${name}`;
run("typecheck", bin("tsc"), ["--noEmit"]);
run("lint", bin("eslint"), [".", "--max-warnings=0"]);
run("unused exports (knip)", bin("knip"), []);
run("unit and integration tests", bin("vitest"), ["run"]);
ensureChromium();
run("end-to-end tests (Playwright, Chromium)", bin("playwright"), ["test"]);
// the e2e step built (and stamped) the web app, so the chaos instance starts without building again
run(
  "chaos, short form (own Postgres and Redis; kill -9 worker, Postgres restart, Redis stop, kill -9 web)",
  bin("tsx"),
  ["scripts/chaos.ts", "--short"],
);
// several hosts need network namespaces: root only (CI runs as root); skipped with the reason otherwise
if (process.getuid?.() === 0)
  run(
    "cluster, short form (network namespaces: 2 web nodes behind HAProxy, 2 worker hosts; cancel across hosts, kill -9 of a worker host)",
    bin("tsx"),
    ["scripts/cluster/main.ts", "--scenario", "short", "--web", "2", "--workers", "2"],
  );
else
  console.log(
    "\n▷ cluster, short form: skipped — it needs root for network namespaces (sudo npm run cluster -- --scenario short)",
  );
console.log("\n✔ all tests passed");
