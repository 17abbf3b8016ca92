import path from "node:path";
import { defineConfig } from "prisma/config";

// The native schema engine cannot be downloaded on these machines; `prisma generate` only checks
// that this path exists. Migrations run through scripts/migrate.ts (WebAssembly engine).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("scripts/no-schema-engine.sh");
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
