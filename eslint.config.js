import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

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

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "dist/**", "src/generated/**", ".data/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  { files: ["**/*.mjs", "**/*.js"], languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } } },
  ...tseslint.configs.recommended,
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
  ...layer(["src/server/**", "src/runs/**", "src/accounts/**"], ["features", "app", "trpc"], "infrastructure must not import features, routes or the router root."),
  // Feature components may use the tRPC client hooks (src/trpc/react.tsx knows the router only as a type).
  ...layer(["src/features/**"], ["app", "trpc/root", "trpc/server"], "features must not import routes or the router root."),
  ...layer(["src/app/**", "src/components/**", "src/trpc/**", "src/cli/**", "src/worker/**", "src/launcher/**", "src/i18n/**"], [], ""),
);
