import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export type TestDatabaseKind = "sqlite" | "postgresql";

export const DEFAULT_TEST_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** The server's maintenance database, where test databases are created and dropped. */
export function testPgUrl(): string {
  return process.env.TEST_PG_URL || DEFAULT_TEST_PG_URL;
}

/** The database the current vitest project runs against (`TEST_DATABASE`, set per project). */
export function testDatabaseKind(): TestDatabaseKind {
  const kind = process.env.TEST_DATABASE ?? "sqlite";
  if (kind !== "sqlite" && kind !== "postgresql") {
    throw new Error(`TEST_DATABASE must be sqlite or postgresql, not "${kind}"`);
  }
  return kind;
}

export type FreshDatabase = {
  kind: TestDatabaseKind;
  /** A DATABASE_URL for the app and for createDb. */
  url: string;
  /** SQLite: the file's path; PostgreSQL: the database's name. */
  name: string;
  /** Removes the database (SQLite: its folder; PostgreSQL: DROP DATABASE … WITH (FORCE)). */
  drop(): Promise<void>;
};

/** Whether a PostgreSQL server answers at `url` (within `timeoutMs`). */
export async function isPostgresReachable(url = testPgUrl(), timeoutMs = 3_000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPgUrl(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database: a SQLite file in a new temp folder, or a PostgreSQL database
 * `tolov_test_<random>` created on TEST_PG_URL's server. Call `drop()` in teardown.
 */
export async function freshDatabase(kind: TestDatabaseKind = testDatabaseKind()): Promise<FreshDatabase> {
  if (kind === "sqlite") {
    const dir = await mkdtemp(join(tmpdir(), "tolov-test-db-"));
    const path = join(dir, "tolov.db");
    return {
      kind,
      url: `file:${path}`,
      name: path,
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `tolov_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(testPgUrl());
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    kind,
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * What a test of simultaneous calls proves on this database, for its name. On SQLite every
 * transaction of one process waits for the SQL layer's in-process mutex (lib/db/sql.ts), so
 * "simultaneous" calls run one after another: the test proves idempotency only, and stays green
 * without the order lock. On PostgreSQL transactions overlap, so it proves the locking too —
 * which is why CI runs the PostgreSQL suite mandatorily (.ci/run sets TOLOV_REQUIRE_POSTGRES=1).
 */
export function raceProof(kind: TestDatabaseKind = testDatabaseKind()): "idempotency" | "concurrency" {
  return kind === "postgresql" ? "concurrency" : "idempotency";
}
