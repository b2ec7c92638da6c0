import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client";
import { databaseKind, SQLITE_BUSY_TIMEOUT_MS, sqlitePath, type DatabaseKind } from "./database-url";

/**
 * Both generated clients have the same models (one schema source), so one type serves both.
 * The SQLite client's type is the reference.
 */
export type Db = SqliteClient;
export type DbTransaction = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Interactive transactions wait up to 10 s for a connection (Prisma's default is 2 s): a burst of
 * orders on PostgreSQL otherwise fails the calls at the back of the queue with P2028 — seen with
 * 100 orders at once over two instances (test/two-instances.postgresql.test.ts).
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

// Process-wide: Next.js bundles its own copy of this module, and lib/db/index.ts keeps one client
// per process for both copies.
const kinds: WeakMap<Db, DatabaseKind> = ((globalThis as { __tolovDbKinds?: WeakMap<Db, DatabaseKind> }).__tolovDbKinds ??= new WeakMap());

export function createDb(url: string): Db {
  const kind = databaseKind(url);
  const db =
    kind === "sqlite"
      ? new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: sqlitePath(url), timeout: SQLITE_BUSY_TIMEOUT_MS }), transactionOptions: TRANSACTION_OPTIONS })
      : (new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }), transactionOptions: TRANSACTION_OPTIONS }) as unknown as Db);
  kinds.set(db, kind);
  return db;
}

/** The database a client made by `createDb` talks to (for the few raw statements whose SQL differs). */
export function dbKind(db: Db): DatabaseKind {
  const kind = kinds.get(db);
  if (!kind) throw new Error("dbKind: this client was not made by createDb");
  return kind;
}
