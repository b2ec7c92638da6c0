import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, sqlitePath } from "./database-url";
import { loadMigrationList, schemaPathFor } from "./migrations";
import { noFilters, openSchemaEngine } from "./schema-engine";

/** Arbitrary constant naming Tolov's migrate-and-seed advisory lock on PostgreSQL. */
const ADVISORY_LOCK_KEY = 74_656_001;

/**
 * Runs `fn` while holding a lock that every app instance on this database respects, so that
 * instances started at once migrate and seed one after another (the later ones find nothing to do).
 * SQLite: an exclusive transaction on a lock file beside the database; PostgreSQL: an advisory lock.
 * Both are released by the database if the process dies.
 */
export async function withDatabaseLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  if (databaseKind(url) === "sqlite") {
    const lock = new Database(`${sqlitePath(url)}.lock`, { timeout: 300_000 });
    try {
      lock.exec("BEGIN EXCLUSIVE");
      try {
        return await fn();
      } finally {
        lock.exec("COMMIT");
      }
    } finally {
      lock.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/**
 * Applies pending migrations from prisma/migrations/<kind> through Prisma's WebAssembly schema
 * engine. They are recorded in `_prisma_migrations`, exactly as `prisma migrate deploy` would.
 * Returns the names of the migrations applied now. Call it inside `withDatabaseLock`.
 */
export async function applyPendingMigrations(url: string): Promise<string[]> {
  const kind = databaseKind(url);
  const migrations = loadMigrationList(kind);
  // The schema engine takes SQLite's database file in exclusive mode even when nothing is
  // pending, which would stall on a file other instances already have open: ask first.
  const applied = await appliedMigrationNames(url);
  if (migrations.migrationDirectories.every((directory) => applied.has(directory.path))) return [];
  if (kind === "sqlite") {
    // WAL lets readers go on while a writer commits; the setting is stored in the file.
    const file = new Database(sqlitePath(url));
    file.pragma("journal_mode = WAL");
    file.close();
  }
  const schemaPath = schemaPathFor(kind);
  const { engine, close } = await openSchemaEngine({
    kind,
    url,
    schemaPath,
    schemaText: readFileSync(schemaPath, "utf8"),
  });
  try {
    const output = await engine.applyMigrations({
      migrationsList: migrations,
      filters: noFilters,
    });
    return output.appliedMigrationNames;
  } finally {
    await close();
  }
}

/** Names of the migrations `_prisma_migrations` records as finished (empty on a new database). */
async function appliedMigrationNames(url: string): Promise<Set<string>> {
  const query = `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;
  if (databaseKind(url) === "sqlite") {
    const file = new Database(sqlitePath(url));
    try {
      const table = file.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
      if (!table) return new Set();
      return new Set((file.prepare(query).all() as { migration_name: string }[]).map((row) => row.migration_name));
    } finally {
      file.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
    if (!table.rows[0]?.exists) return new Set();
    return new Set((await client.query<{ migration_name: string }>(query)).rows.map((row) => row.migration_name));
  } finally {
    await client.end();
  }
}
