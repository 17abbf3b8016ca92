import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { codeVersion, resolveCodeVersion } from "./code-version";

const noGit = () => {
  throw new Error("spawn git ENOENT");
};

describe("resolveCodeVersion", () => {
  it("takes FLUXO_COMMIT first, then the build's commit, then git", () => {
    const git = () => "cccccc3\n";
    expect(resolveCodeVersion({ version: "1.2.3", envCommit: "aaaaaa1", buildCommit: "bbbbbb2", gitCommit: git })).toBe(
      "1.2.3+aaaaaa1",
    );
    expect(resolveCodeVersion({ version: "1.2.3", buildCommit: "bbbbbb2", gitCommit: git })).toBe("1.2.3+bbbbbb2");
    expect(resolveCodeVersion({ version: "1.2.3", buildCommit: "", gitCommit: git })).toBe("1.2.3+cccccc3");
  });

  it("says unknown without git (or outside a checkout), and ignores what is not a commit", () => {
    expect(resolveCodeVersion({ version: "1.2.3", gitCommit: noGit })).toBe("1.2.3+unknown");
    expect(
      resolveCodeVersion({ version: "1.2.3", envCommit: "not a sha!", gitCommit: () => "fatal: not a git repository" }),
    ).toBe("1.2.3+unknown");
  });
});

describe("codeVersion", () => {
  it("is this checkout's package version and commit, the same on every call", () => {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    expect(codeVersion()).toBe(`${pkg.version}+${head}`);
    expect(codeVersion()).toBe(codeVersion());
  });
});
