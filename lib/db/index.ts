import { env } from "../env";
import { createDb, type Db } from "./client";

export { createDb, type Db, type DbTransaction } from "./client";
export { databaseKind } from "./database-url";

const globalForDb = globalThis as unknown as { tolovDb?: { url: string; db: Db } };

/** One Prisma client per process and DATABASE_URL (survives Next's dev reloads). */
export function db(): Db {
  const url = env().DATABASE_URL;
  if (globalForDb.tolovDb?.url !== url) globalForDb.tolovDb = { url, db: createDb(url) };
  return globalForDb.tolovDb.db;
}
