import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The sandbox's own storage: one SQLite file (`<DATA_DIR>/sandbox.db`), never the store's
 * database — card data typed in sandbox mode lands here (DESIGN.md). Each emulator module
 * creates its own tables; small settings live in one key–value table.
 */
export type SandboxStorage = {
  readonly db: Database.Database;
  readonly path: string;
  /** Runs a module's `CREATE TABLE IF NOT EXISTS …` statements. */
  ensureSchema(statements: readonly string[]): void;
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string | undefined): void;
  close(): void;
};

export const SANDBOX_DB_FILE = "sandbox.db";

export function sandboxStoragePath(dataDir: string): string {
  return join(resolve(dataDir), SANDBOX_DB_FILE);
}

/** Opens (or creates) the storage; `:memory:` for tests. */
export function openSandboxStorage(path: string): SandboxStorage {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new Database(path, { timeout: 5_000 });
  if (path !== ":memory:") db.pragma("journal_mode = WAL");
  db.exec(`CREATE TABLE IF NOT EXISTS sandbox_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  const read = db.prepare<[string], { value: string }>(`SELECT value FROM sandbox_setting WHERE key = ?`);
  const write = db.prepare(`INSERT INTO sandbox_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const remove = db.prepare(`DELETE FROM sandbox_setting WHERE key = ?`);
  return {
    db,
    path,
    ensureSchema(statements) {
      db.transaction(() => {
        for (const statement of statements) db.exec(statement);
      })();
    },
    getSetting: (key) => read.get(key)?.value,
    setSetting(key, value) {
      if (value === undefined) remove.run(key);
      else write.run(key, value);
    },
    close: () => db.close(),
  };
}
