// Derives the PostgreSQL schema from the one source, prisma/schema.prisma.
// Prisma cannot take the provider from the environment, so the two generated clients
// (lib/generated/sqlite, lib/generated/postgresql) come from two schema files with the
// same models; only the provider and the client's output folder differ.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// TOLOV_ROOT: another checkout's folder (tests run the migration command on a copy of prisma/).
const root = process.env.TOLOV_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), "..");
export const sqliteSchemaPath = join(root, "prisma", "schema.prisma");
export const postgresSchemaPath = join(root, "prisma", "postgresql", "schema.prisma");

export function derivePostgresSchema(source) {
  const replaced = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/lib\/generated\/sqlite"/, 'output       = "../../lib/generated/postgresql"');
  if (!replaced.includes('"postgresql"') || !replaced.includes("lib/generated/postgresql")) {
    throw new Error("prisma/schema.prisma: expected provider \"sqlite\" and output \"../lib/generated/sqlite\"");
  }
  return (
    "// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.mjs — do not edit.\n" +
    replaced
  );
}

export function writePostgresSchema() {
  const text = derivePostgresSchema(readFileSync(sqliteSchemaPath, "utf8"));
  mkdirSync(dirname(postgresSchemaPath), { recursive: true });
  let current = "";
  try {
    current = readFileSync(postgresSchemaPath, "utf8");
  } catch {}
  if (current !== text) writeFileSync(postgresSchemaPath, text);
  return text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writePostgresSchema();
