/**
 * The house rules lint enforces (eslint.config.js) fire where they should and stay quiet where they
 * should: a rule that silently stopped matching would let the slices lean on each other again.
 */
import { ESLint } from "eslint";
import path from "node:path";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: path.resolve(__dirname, "../..") });

async function problems(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.resolve(__dirname, "../..", file) });
  return r!.messages.filter((m) => m.ruleId?.startsWith("fluxo/")).map((m) => m.message);
}

describe("the slice rule", { timeout: 60_000 }, () => {
  it("refuses a deep import of another slice, by alias or relative path, and names the public modules", async () => {
    const found = await problems(
      "src/features/reports/probe.ts",
      'import { a } from "@/features/market/market.repository";\nimport { b } from "../portfolio/portfolio.repository";\nexport const c = [a, b];\n',
    );
    expect(found).toEqual([
      "the reports slice imports market only through its public modules: @/features/market or @/features/market/ui",
      "the reports slice imports portfolio only through its public modules: @/features/portfolio or @/features/portfolio/ui",
    ]);
  });

  it("allows another slice's index and ui modules, and the slice's own files", async () => {
    const found = await problems(
      "src/features/reports/probe.ts",
      'import { a } from "@/features/market";\nimport { b } from "@/features/runs/ui";\nimport { c } from "./reports.repository";\nexport const d = [a, b, c];\n',
    );
    expect(found).toEqual([]);
  });

  it("sends browser code to another slice's client-safe ui.ts, not its server index", async () => {
    const code =
      '"use client";\nimport { a } from "@/features/portfolio";\nimport type { B } from "@/features/portfolio";\nexport const c: B = a;\n';
    expect(await problems("src/features/reports/components/probe.tsx", code)).toEqual([
      "browser code imports @/features/portfolio/ui (client-safe), not @/features/portfolio (server-side)",
    ]);
    expect(
      await problems(
        "src/features/reports/probe.schemas.ts",
        'import { a } from "@/features/portfolio";\nexport const b = a;\n',
      ),
    ).toHaveLength(1);
  });

  it("keeps features off the worker and the task catalog", async () => {
    const found = await problems("src/features/eto/probe.ts", 'import "@/worker/runner";\nimport "@/tasks/catalog";\n');
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/must not import src\/worker/);
  });

  it("lets the domain import only node: built-ins that do no I/O", async () => {
    const found = await problems(
      "src/domain/shared/probe.ts",
      'import { readFileSync } from "node:fs";\nimport { randomUUID } from "node:crypto";\nimport { inspect } from "node:util";\nexport const x = [readFileSync, randomUUID, inspect];\n',
    );
    expect(found).toHaveLength(2);
    expect(found.join("\n")).toMatch(/node:fs/);
    expect(found.join("\n")).toMatch(/node:crypto/);
  });
});

describe("house style", { timeout: 60_000 }, () => {
  it("wants kebab-case file names and services that throw no TRPCError", async () => {
    expect(await problems("src/features/eto/BadName.ts", "export const x = 1;\n")).toEqual([
      "file names are kebab-case: BadName.ts",
    ]);
    const svc = 'import { TRPCError } from "@trpc/server";\nexport const e = TRPCError;\n';
    expect(await problems("src/features/eto/probe.service.ts", svc)).toHaveLength(1);
    expect(await problems("src/features/eto/eto.router.ts", svc)).toEqual([]);
  });
});
