import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client";
import { databaseKind, SQLITE_BUSY_TIMEOUT_MS, sqlitePath } from "./database-url";

/**
 * Both generated clients have the same models (one schema source), so one type serves both.
 * The SQLite client's type is the reference.
 */
export type Db = SqliteClient;
export type DbTransaction = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * Interactive transactions wait up to 10 s for a connection (Prisma's default is 2 s): a burst of
 * orders on PostgreSQL (each takes the change sequence's row lock, so they commit one at a time)
 * otherwise fails the calls at the back of the queue with P2028 — seen with 100 orders at once
 * over two instances (test/two-instances.postgresql.test.ts).
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

export function createDb(url: string): Db {
  if (databaseKind(url) === "sqlite") {
    const adapter = new PrismaBetterSqlite3({ url: sqlitePath(url), timeout: SQLITE_BUSY_TIMEOUT_MS });
    return new SqliteClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
  }
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  return new PostgresClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }) as unknown as Db;
}
