#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + integration (real Postgres, and Redis when REDIS_URL is set),
// then Playwright end-to-end in Debian's Chromium (installed with apt-get when missing and possible, with
// PgBouncer and HAProxy for the tests that use them),
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

const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

/**
 * Debian packages the tests use: Chromium (Playwright), PgBouncer (src/server/pgbouncer.int.test.ts,
 * skipped without it) and HAProxy (the cluster run). Installed with apt-get when missing, as root;
 * otherwise Chromium's absence stops here with one line, the others' is reported by their own steps.
 */
function ensurePackages() {
  const missing = [
    ...(existsSync(CHROMIUM) ? [] : ["chromium"]),
    ...(has("pgbouncer") ? [] : ["pgbouncer"]),
    ...(has("haproxy") ? [] : ["haproxy"]),
  ];
  if (!missing.length) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && has("apt-get")) {
    console.log(`\n▶ installing Debian's ${missing.join(", ")} (apt-get)`);
    const r = spawnSync(
      "sh",
      ["-c", `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(" ")}`],
      { stdio: "inherit" },
    );
    if (r.status !== 0) console.error(`apt-get failed (exit ${r.status ?? r.signal}); going on with what is installed`);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(
      `✖ Chromium not found at ${CHROMIUM}: install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
}

const bin = (name) => `node_modules/.bin/${name}`;
run("typecheck", bin("tsc"), ["--noEmit"]);
run("lint", bin("eslint"), [".", "--max-warnings=0"]);
run("unused exports (knip)", bin("knip"), []);
ensurePackages();
run("unit and integration tests", bin("vitest"), ["run"]);
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
