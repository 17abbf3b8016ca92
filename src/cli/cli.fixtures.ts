/** The built `fluxo` CLI for the CLI tests (test-only): build it, run it as a child process. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const bin = path.join(root, "bin/fluxo.js");

/** Builds bin/fluxo.js (call in the file's beforeAll, with a 60 s timeout). */
export function buildCli() {
  const build = spawnSync(process.execPath, [path.join(root, "scripts/build-cli.mjs")], {
    cwd: root,
    encoding: "utf8",
  });
  expect(build.status, build.stderr).toBe(0);
}

/** Runs the built CLI as a child process, without the caller's FLUXO_TOKEN and FLUXO_URL. */
export function fluxo(args: string[], stdin?: string, env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input: stdin ?? "",
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, FLUXO_TOKEN: undefined, FLUXO_URL: undefined, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
