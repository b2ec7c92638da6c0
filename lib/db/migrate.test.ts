// Migrations and the migrate-and-seed lock on SQLite (PostgreSQL: test/multi-instance.test.ts).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { applyPendingMigrations, withDatabaseLock } from "./migrate";
import { loadMigrationList, migrationsDirFor } from "./migrations";

const dir = mkdtempSync(join(tmpdir(), "tolov-migrate-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function migrationFolders(kind: "sqlite" | "postgresql"): string[] {
  return readdirSync(migrationsDirFor(kind), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe("loadMigrationList", () => {
  it.each(["sqlite", "postgresql"] as const)("lists every %s migration in order, with its SQL and the lock file", (kind) => {
    const list = loadMigrationList(kind);
    expect(list.migrationDirectories.map((migration) => migration.path)).toEqual(migrationFolders(kind));
    expect(list.migrationDirectories.length).toBeGreaterThan(0);
    for (const migration of list.migrationDirectories) {
      expect(migration.migrationFile.content.tag, migration.path).toBe("ok");
    }
    expect(list.lockfile.content).toContain(`provider = "${kind}"`);
  });

  it("has the same migrations for both databases", () => {
    expect(migrationFolders("postgresql")).toEqual(migrationFolders("sqlite"));
  });
});

describe("applyPendingMigrations on SQLite", () => {
  const url = `file:${join(dir, "tolov.db")}`;

  it("applies every migration to an empty database, then nothing", async () => {
    expect(await withDatabaseLock(url, () => applyPendingMigrations(url))).toEqual(migrationFolders("sqlite"));
    expect(await withDatabaseLock(url, () => applyPendingMigrations(url))).toEqual([]);
    const db = new Database(join(dir, "tolov.db"), { readonly: true });
    try {
      const rows = db.prepare(`SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`).all() as {
        migration_name: string;
        finished_at: string | null;
      }[];
      expect(rows.map((row) => row.migration_name)).toEqual(migrationFolders("sqlite"));
      expect(rows.every((row) => row.finished_at !== null)).toBe(true);
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      db.close();
    }
  }, 60_000);
});

describe("withDatabaseLock on SQLite", () => {
  const url = `file:${join(dir, "locked.db")}`;

  it("runs holders one after another and returns each one's value", async () => {
    const events: string[] = [];
    const holder = (name: string) => async () => {
      events.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      events.push(`${name} out`);
      return name;
    };
    // better-sqlite3 waits synchronously for the lock, so within one process the lock file only
    // proves that the holders do not overlap when run in turn; across processes see test/multi-instance.
    expect(await withDatabaseLock(url, holder("a"))).toBe("a");
    expect(await withDatabaseLock(url, holder("b"))).toBe("b");
    expect(events).toEqual(["a in", "a out", "b in", "b out"]);
  });

  it("releases the lock when the holder throws", async () => {
    await expect(withDatabaseLock(url, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withDatabaseLock(url, async () => "again")).toBe("again");
  });
});
