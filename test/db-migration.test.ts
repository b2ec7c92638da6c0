// The schema workflow of the README: one edit of prisma/schema.prisma plus
// `npm run db:migration -- <name>` writes the migration for SQLite and for PostgreSQL, and
// `npm run db:migrate` applies it. Runs the real commands on a copy of prisma/ (TOLOV_ROOT).
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSql } from "@/lib/db/sql";
// @ts-expect-error plain ESM helper shared with the postinstall script
import { derivePostgresSchema } from "../scripts/prisma-schemas.mjs";
import { freshDatabase, testDatabaseKind, testPgUrl, type FreshDatabase } from "./helpers/database";

const run = promisify(execFile);
const repo = join(import.meta.dirname, "..");
const kind = testDatabaseKind();

describe("the committed schema and migrations", () => {
  it("has a migration for every change of prisma/schema.prisma (the snapshot is the schema)", async () => {
    const schema = await readFile(join(repo, "prisma", "schema.prisma"), "utf8");
    expect(await readFile(join(repo, "prisma", "migrations", "schema.snapshot.prisma"), "utf8")).toBe(schema);
    expect(await readFile(join(repo, "prisma", "postgresql", "schema.prisma"), "utf8")).toBe(derivePostgresSchema(schema));
  });
});

// Writing the PostgreSQL migration needs a PostgreSQL server (the engine connects to one to diff),
// so this part runs in the postgresql project, and applies the result to both databases there.
if (kind === "postgresql") describe("one schema edit plus one command, applied on SQLite and PostgreSQL", () => {
  let root: string;
  let databases: FreshDatabase[] = [];
  const tsx = join(repo, "node_modules", ".bin", "tsx");
  const env = () => ({ ...process.env, TOLOV_ROOT: root, MIGRATION_PG_URL: testPgUrl() });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "tolov-migration-"));
    await cp(join(repo, "prisma"), join(root, "prisma"), { recursive: true });
    databases = [await freshDatabase("sqlite"), await freshDatabase("postgresql")];
  });
  afterAll(async () => {
    for (const database of databases) await database.drop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("writes the migration for both databases, which db:migrate then applies", async () => {
    const schemaPath = join(root, "prisma", "schema.prisma");
    const schema = await readFile(schemaPath, "utf8");
    await writeFile(schemaPath, schema.replace("model Setting {\n", "model Setting {\n  note      String?\n"));

    const written = await run(tsx, [join(repo, "scripts", "db-migration.ts"), "add", "setting", "note"], { cwd: repo, env: env() });
    expect(written.stdout).toMatch(/sqlite\/\d{14}_add_setting_note\/migration\.sql/);
    expect(written.stdout).toMatch(/postgresql\/\d{14}_add_setting_note\/migration\.sql/);
    for (const dialect of ["sqlite", "postgresql"]) {
      const folders = await readdir(join(root, "prisma", "migrations", dialect));
      const added = folders.find((name) => name.endsWith("_add_setting_note"));
      expect(added, dialect).toBeDefined();
      const sql = await readFile(join(root, "prisma", "migrations", dialect, added!, "migration.sql"), "utf8");
      expect(sql, dialect).toMatch(/ALTER TABLE "Setting" ADD COLUMN\s+"note" TEXT/);
    }
    expect(await readFile(join(root, "prisma", "postgresql", "schema.prisma"), "utf8")).toContain('note      String?');

    const again = await run(tsx, [join(repo, "scripts", "db-migration.ts"), "again"], { cwd: repo, env: env() });
    expect(again.stdout).toContain("nothing written");

    for (const database of databases) {
      const applied = await run(tsx, [join(repo, "scripts", "db-migrate.ts")], { cwd: repo, env: { ...env(), DATABASE_URL: database.url } });
      expect(applied.stdout, database.kind).toContain("_add_setting_note");
      const sql = createSql(database.url);
      try {
        await sql.run(`INSERT INTO "Setting" ("key", "value", "encrypted", "updatedAt", "note") VALUES (?, ?, ?, ?, ?)`, [
          "test.note",
          "v",
          false,
          new Date(),
          "a note",
        ]);
        expect(await sql.get<{ note: string }>(`SELECT "note" FROM "Setting" WHERE "key" = ?`, ["test.note"]), database.kind).toEqual({ note: "a note" });
      } finally {
        await sql.close();
      }
    }
  });
});
