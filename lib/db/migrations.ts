import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseKind } from "./database-url";

export const projectRoot = process.env.TOLOV_ROOT ?? process.cwd();

export function schemaPathFor(kind: DatabaseKind): string {
  return kind === "sqlite"
    ? join(projectRoot, "prisma", "schema.prisma")
    : join(projectRoot, "prisma", "postgresql", "schema.prisma");
}

export function migrationsDirFor(kind: DatabaseKind): string {
  return join(projectRoot, "prisma", "migrations", kind);
}

/** The migrations folder as the schema engine wants it (what `prisma migrate` reads from disk). */
export function loadMigrationList(kind: DatabaseKind) {
  const baseDir = migrationsDirFor(kind);
  const lockPath = join(baseDir, "migration_lock.toml");
  const names = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => {
      const file = join(baseDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? ({ tag: "ok", value: readFileSync(file, "utf8") } as const)
            : ({ tag: "error", value: `${file} is missing` } as const),
        },
      };
    }),
  };
}
