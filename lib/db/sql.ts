import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, SQLITE_BUSY_TIMEOUT_MS, sqlitePath, type DatabaseKind } from "./database-url";

/**
 * A thin SQL layer straight on the drivers, for the paths where Prisma's query engine costs
 * too much (provider callbacks: see README "Performance") and for every write that changes an
 * order's money, so those rules exist once. Statements use `?` placeholders and double-quoted
 * identifiers, which both SQLite and PostgreSQL read; integers come back as bigint or number
 * as the column is BIGINT or INTEGER on both.
 */
export type SqlValue = string | number | bigint | boolean | null | Date;

export interface SqlExecutor {
  readonly kind: DatabaseKind;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

export interface SqlDatabase extends SqlExecutor {
  /** Runs `fn` in one database transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Prisma stores SQLite DateTime as ISO text with an explicit offset; PostgreSQL as UTC TIMESTAMP(3). */
function toSqliteParam(value: SqlValue): string | number | bigint | null {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function toPostgresParam(value: SqlValue): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString().slice(0, 23).replace("T", " ");
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** The columns we declare INTEGER (ids, states, counts) come back as numbers on both databases. */
function normalizeSqliteRow<T>(row: unknown, bigintColumns: ReadonlySet<string>): T {
  const record = row as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === "bigint" && !bigintColumns.has(key)) record[key] = Number(value);
  }
  return record as T;
}

/**
 * Column names that hold BIGINT values (money, Payme times). Kept here so both drivers return
 * the same JS types: SQLite does not distinguish INTEGER from BIGINT at run time.
 */
export const bigintColumns: ReadonlySet<string> = new Set([
  "amount",
  "paidAmount",
  "refundedAmount",
  "price",
  "unitPrice",
  "originalPrice",
  "paymeTime",
  "createTime",
  "performTime",
  "cancelTime",
  "expiresAt",
  "total",
  "sum",
]);

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    await previous;
    return release;
  }
}

function createSqlite(url: string): SqlDatabase {
  const connection = new Database(sqlitePath(url), { timeout: SQLITE_BUSY_TIMEOUT_MS });
  connection.defaultSafeIntegers(true);
  connection.pragma("journal_mode = WAL");
  connection.pragma("synchronous = NORMAL");
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const executor: SqlExecutor = {
    kind: "sqlite",
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      return prepare(sql)
        .all(...params.map(toSqliteParam))
        .map((row) => normalizeSqliteRow<T>(row, bigintColumns));
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      const row = prepare(sql).get(...params.map(toSqliteParam));
      return row === undefined ? undefined : normalizeSqliteRow<T>(row, bigintColumns);
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const result = prepare(sql).run(...params.map(toSqliteParam));
      return { changes: result.changes };
    },
  };
  // One connection: transactions of this process take turns (statements between awaits of one
  // transaction must not interleave with another's). BEGIN IMMEDIATE takes the write lock up
  // front, so two processes on one file wait for each other instead of failing on upgrade.
  const mutex = new Mutex();
  const locked = async <T>(fn: () => Promise<T>): Promise<T> => {
    const release = await mutex.lock();
    try {
      return await fn();
    } finally {
      release();
    }
  };
  return {
    ...executor,
    all: (sql, params) => locked(() => executor.all(sql, params)),
    get: (sql, params) => locked(() => executor.get(sql, params)),
    run: (sql, params) => locked(() => executor.run(sql, params)),
    transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) =>
      locked(async () => {
        prepare("BEGIN IMMEDIATE").run();
        try {
          const result = await fn(executor);
          prepare("COMMIT").run();
          return result;
        } catch (error) {
          if (connection.inTransaction) prepare("ROLLBACK").run();
          throw error;
        }
      }),
    async close() {
      connection.close();
    },
  };
}

/** `?` → `$1, $2…` (our statements never contain a literal question mark). */
function toPostgresPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/**
 * Our own type parsers, for this pool only (pg's global parsers are shared with Prisma's
 * adapter, which expects its own): BIGINT → bigint; TIMESTAMP (Prisma's DateTime, UTC) → Date.
 */
const postgresTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8) return (value: string) => BigInt(value);
    if (oid === pg.types.builtins.TIMESTAMP) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
  },
} as pg.CustomTypesConfig;

function createPostgres(url: string): SqlDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: postgresTypes });
  // An idle connection the server drops (restart, failover) is discarded by the pool; without
  // a listener its error would end the process.
  pool.on("error", (error) => console.error("PostgreSQL connection lost:", error.message));
  const queryable = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    kind: "postgresql",
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      const result = await client.query(toPostgresPlaceholders(sql), params.map(toPostgresParam));
      return result.rows as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      const result = await client.query(toPostgresPlaceholders(sql), params.map(toPostgresParam));
      return result.rows[0] as T | undefined;
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const result = await client.query(toPostgresPlaceholders(sql), params.map(toPostgresParam));
      return { changes: result.rowCount ?? 0 };
    },
  });
  return {
    ...queryable(pool),
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // While checked out, the pool no longer listens to this client: a connection lost now
      // would be an unhandled 'error' event. The failing query rejects; we drop the client.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        try {
          const result = await fn(queryable(client));
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch((rollbackError: Error) => {
            lost ??= rollbackError;
          });
          throw error;
        }
      } finally {
        client.off("error", onError);
        client.release(lost);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export function createSql(url: string): SqlDatabase {
  return databaseKind(url) === "sqlite" ? createSqlite(url) : createPostgres(url);
}

/** True for a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as { code?: string } | null;
  return candidate?.code === "23505" || candidate?.code === "SQLITE_CONSTRAINT_UNIQUE" || candidate?.code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
