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

export function createDb(url: string): Db {
  if (databaseKind(url) === "sqlite") {
    const adapter = new PrismaBetterSqlite3({ url: sqlitePath(url), timeout: SQLITE_BUSY_TIMEOUT_MS });
    return new SqliteClient({ adapter });
  }
  const adapter = new PrismaPg({ connectionString: url, max: 10 });
  return new PostgresClient({ adapter }) as unknown as Db;
}
