import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import path from "node:path";

const outside = (...dirs) => dirs.flatMap((d) => [`@/${d}`, `@/${d}/*`, `@/${d}/**`]);
const PRISMA = { group: ["@/generated/prisma", "@/generated/prisma/*", "@prisma/client"], message: "only *.repository.ts files (and src/server/db.ts) import Prisma." };
/** Import boundaries for a layer; repositories (and the db/migration infrastructure) may import Prisma. */
function layer(files, forbidden, message) {
  const prismaOk = ["**/*.repository.ts", "src/server/db.ts", "src/server/migrations.ts", "**/*.test.ts"];
  const own = forbidden.length ? [{ group: outside(...forbidden), message }] : [];
  return [
    { files, ignores: prismaOk, rules: { "no-restricted-imports": ["error", { patterns: [...own, PRISMA] }] } },
    ...(own.length ? [{ files: prismaOk.filter((f) => f.startsWith("**") || files.some((d) => f.startsWith(d.replace("/**", "")))), rules: { "no-restricted-imports": ["error", { patterns: own }] } }] : []),
  ];
}

/** Node built-ins that do no I/O: the only ones src/domain may import (clock and randomness are injected). */
const PURE_NODE = new Set(["assert", "buffer", "path", "querystring", "string_decoder", "url", "util"]);
const BUILTINS = new Set(["child_process", "cluster", "crypto", "dgram", "dns", "fs", "http", "http2", "https", "net", "os", "perf_hooks", "process", "readline", "stream", "timers", "tls", "v8", "vm", "worker_threads", "zlib", ...PURE_NODE]);

/**
 * The slice rule (HOUSE-STYLE: "features"): a feature imports another feature only through its declared
 * public modules — `@/features/<name>` (index.ts, server-side) or `@/features/<name>/ui` (client
 * components and hooks) — and never the worker, the task catalog, the edge, the launcher or routes.
 * Relative paths are resolved, so `../../other/x` is caught like `@/features/other/x`.
 * In src/domain: only node: built-ins that do no I/O.
 */
const slicesRule = {
  meta: { type: "problem", schema: [], messages: { slice: "{{why}}" } },
  create(context) {
    const file = path.relative(context.cwd, context.filename).split(path.sep).join("/");
    const own = /^src\/features\/([^/]+)\//.exec(file)?.[1];
    const inDomain = file.startsWith("src/domain/");
    const browserSide =
      /\/(components|hooks)\/|\.schemas\.ts$|\.output\.ts$|\/ui\.ts$/.test(file) ||
      /^\s*["']use client["']/.test(context.sourceCode.getText());
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== "string") return;
      const report = (why) => context.report({ node: node.source, messageId: "slice", data: { why } });
      if (inDomain) {
        const bare = spec.replace(/^node:/, "");
        if ((spec.startsWith("node:") || BUILTINS.has(bare)) && !PURE_NODE.has(bare.split("/")[0]))
          report(`src/domain is pure: ${spec} does I/O (or reads the clock or randomness); inject it`);
        return;
      }
      if (!own) return;
      const target = spec.startsWith("@/")
        ? `src/${spec.slice(2)}`
        : spec.startsWith(".")
          ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec))
          : null;
      if (!target) return;
      const m = /^src\/features\/([^/]+)(?:\/(.+))?$/.exec(target);
      if (m && m[1] !== own && m[2] !== undefined && m[2] !== "index" && m[2] !== "ui")
        report(`the ${own} slice imports ${m[1]} only through its public modules: @/features/${m[1]} or @/features/${m[1]}/ui`);
      // Code the browser loads takes another slice's client-safe ui.ts: its index.ts is server code.
      if (m && m[1] !== own && (m[2] === undefined || m[2] === "index") && browserSide && node.importKind !== "type")
        report(`browser code imports @/features/${m[1]}/ui (client-safe), not @/features/${m[1]} (server-side)`);
      if (/^src\/(worker|tasks|edge|launcher|app)(\/|$)/.test(target))
        report(`a feature must not import ${target.split("/").slice(0, 2).join("/")} (the worker, the task catalog, the edge and routes sit above the features)`);
    };
    return {
      ImportDeclaration: check,
      ImportExpression: check,
      ExportAllDeclaration: check,
      ExportNamedDeclaration: check,
    };
  },
};

/**
 * HOUSE-STYLE's naming and layout rules that a linter can check: files kebab-case (Next's [param]
 * folders aside), no folder deeper than src/features/<slice>/<folder>/ (recorded fixtures aside), and
 * only routers translate a service's errors to tRPC's (a service never throws TRPCError).
 */
const houseStyleRule = {
  meta: { type: "suggestion", schema: [], messages: { style: "{{why}}" } },
  create(context) {
    const file = path.relative(context.cwd, context.filename).split(path.sep).join("/");
    const base = path.posix.basename(file);
    const inFeature = file.startsWith("src/features/");
    return {
      Program(node) {
        const report = (why) => context.report({ node, messageId: "style", data: { why } });
        if (!/^[a-z0-9][a-z0-9.-]*\.(ts|tsx|mjs|js)$/.test(base)) report(`file names are kebab-case: ${base}`);
        if (inFeature && !file.includes("/fixtures/") && file.split("/").length > 5)
          report("no folder deeper than src/features/<slice>/<folder>/");
      },
      ImportDeclaration(node) {
        if (!inFeature || base.endsWith(".router.ts") || /\.test\.tsx?$/.test(base)) return;
        if (node.source.value === "@trpc/server" && node.specifiers.some((sp) => sp.imported?.name === "TRPCError"))
          context.report({ node, messageId: "style", data: { why: "only routers translate errors to TRPCError: throw a Refusal (src/domain/shared/errors.ts)" } });
      },
    };
  },
};

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "dist/**", "src/generated/**", ".data/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  { files: ["**/*.mjs", "**/*.js"], languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } } },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ignores: ["**/*.test.ts", "**/*.test.tsx", "src/features/*/test-fixtures.ts"],
    plugins: { fluxo: { rules: { slices: slicesRule, "house-style": houseStyleRule } } },
    rules: { "fluxo/slices": "error", "fluxo/house-style": "error" },
  },
  {
    // Files stay small enough to read in one sitting (HOUSE-STYLE); the domain's numeric kernels are
    // exempt, and a longer file says why at its top (eslint-disable max-lines -- reason).
    files: ["src/**/*.ts", "src/**/*.tsx"],
    // Test files are lists of cases and are exempt too.
    ignores: ["src/domain/**", "src/generated/**", "**/fixtures/**", "**/*.test.ts", "**/*.test.tsx"],
    rules: { "max-lines": ["error", { max: 320, skipBlankLines: true, skipComments: true }] },
  },
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      // The classic hook rules; the React-Compiler advisories (refs, set-state-in-effect) are not gates here.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["warn", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    // The layer rule: the domain is pure and imports only the domain.
    files: ["src/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/*", "!@/domain", "!@/domain/**"], message: "src/domain imports only src/domain." },
            { group: ["../../*", "!../../domain/**"], message: "src/domain imports only src/domain." },
          ],
          paths: ["next", "react", "pg", "ioredis", "graphile-worker", "@prisma/client", "node:fs", "node:net", "node:http", "fs", "net", "http"].map(
            (name) => ({ name, message: "src/domain is pure: no I/O or framework." }),
          ),
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "src/domain is pure: inject configuration." }],
    },
  },
  ...layer(["src/server/**", "src/runs/**", "src/accounts/**"], ["features", "app", "trpc", "tasks", "worker"], "infrastructure must not import features, the task catalog, the worker, routes or the router root."),
  // Feature components may use the tRPC client hooks (src/trpc/react.tsx knows the router only as a type).
  ...layer(["src/features/**"], ["app", "trpc/root", "trpc/server"], "features must not import routes or the router root."),
  ...layer(["src/app/**", "src/components/**", "src/trpc/**", "src/cli/**", "src/worker/**", "src/launcher/**", "src/i18n/**"], [], ""),
);
