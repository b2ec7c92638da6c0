// Generates both Prisma clients (SQLite and PostgreSQL) without native engines.
// `prisma generate` only checks that a schema engine binary exists, it does not run it,
// so we point PRISMA_SCHEMA_ENGINE_BINARY at an existing file when none is configured.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writePostgresSchema, sqliteSchemaPath, postgresSchemaPath } from "./prisma-schemas.mjs";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
writePostgresSchema();

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const prismaCli = join(root, "node_modules", "prisma", "build", "index.js");
for (const schema of [sqliteSchemaPath, postgresSchemaPath]) {
  const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schema], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    console.error(`prisma generate failed for ${schema}`);
    process.exit(result.status ?? 1);
  }
}
console.log("Prisma clients generated: lib/generated/sqlite, lib/generated/postgresql");
