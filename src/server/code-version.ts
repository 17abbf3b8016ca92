/**
 * The code version a run records (provenance): the package version plus the commit it was built
 * from, as `0.1.0+1a2b3c4`. The commit is, first found: FLUXO_COMMIT (set by a deploy without a git
 * checkout), the commit scripts/build-server.mjs wrote into the bundle (esbuild `define`), then
 * `git rev-parse --short HEAD` once at process start (running from sources, tests); with none of them,
 * "unknown". Computed once per process.
 */
import { execFileSync } from "node:child_process";
import pkg from "../../package.json" with { type: "json" };

export interface CodeVersionSources {
  version: string;
  /** FLUXO_COMMIT. */
  envCommit?: string | undefined;
  /** What the build defined (undefined when running from sources). */
  buildCommit?: string | undefined;
  /** The checkout's commit; throws without git or outside a repository. */
  gitCommit: () => string;
}

const COMMIT = /^[0-9a-f]{4,40}$/i;

/** `version+commit`, the commit from the first source that has one ("unknown" when none does). */
export function resolveCodeVersion(s: CodeVersionSources): string {
  const given = [s.envCommit, s.buildCommit].map((c) => c?.trim()).find((c) => c && COMMIT.test(c));
  let commit = given;
  if (!commit) {
    try {
      const c = s.gitCommit().trim();
      if (COMMIT.test(c)) commit = c;
    } catch {
      // no git, or not a checkout
    }
  }
  return `${s.version}+${commit ? commit.slice(0, 12).toLowerCase() : "unknown"}`;
}

let cached: string | undefined;

/** This process's code version (see the module comment). */
export function codeVersion(): string {
  cached ??= resolveCodeVersion({
    version: pkg.version,
    envCommit: process.env.FLUXO_COMMIT,
    buildCommit: process.env.FLUXO_BUILD_COMMIT, // replaced by a literal in a bundle (scripts/build-server.mjs)
    gitCommit: () =>
      execFileSync("git", ["rev-parse", "--short", "HEAD"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
        timeout: 5000,
      }),
  });
  return cached;
}
