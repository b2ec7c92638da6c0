import { env } from "../env";
import { createDb, type Db } from "./client";
import { createSql, type SqlDatabase } from "./sql";

export { createDb, type Db, type DbTransaction } from "./client";
export { databaseKind } from "./database-url";
export type { RowDecoder, SqlColumnType, SqlDatabase, SqlExecutor } from "./sql";

const globalForDb = globalThis as unknown as {
  tolovDb?: { url: string; db: Db };
  tolovSql?: { url: string; sql: SqlDatabase };
};

/** One Prisma client per process and DATABASE_URL (survives Next's dev reloads). */
export function db(): Db {
  const url = env().DATABASE_URL;
  if (globalForDb.tolovDb?.url !== url) globalForDb.tolovDb = { url, db: createDb(url) };
  return globalForDb.tolovDb.db;
}

/** One driver-level SQL handle per process (see lib/db/sql.ts for why it exists beside Prisma). */
export function sql(): SqlDatabase {
  const url = env().DATABASE_URL;
  if (globalForDb.tolovSql?.url !== url) globalForDb.tolovSql = { url, sql: createSql(url) };
  return globalForDb.tolovSql.sql;
}
