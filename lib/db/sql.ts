import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, SQLITE_BUSY_TIMEOUT_MS, sqlitePath, type DatabaseKind } from "./database-url";

/**
 * A thin SQL layer straight on the drivers, for the paths where Prisma's query engine costs
 * too much (provider callbacks: see README "Performance") and for every write that changes an
 * order's money, so those rules exist once. Statements use `?` placeholders and double-quoted
 * identifiers, which both SQLite and PostgreSQL read.
 *
 * Rows come back with the same JS types on both databases, decided per query, never by column
 * name: a table column decodes by its declared type (BIGINT → bigint, INTEGER → number,
 * BOOLEAN → boolean, DATETIME/TIMESTAMP → Date, TEXT → string; on SQLite from the statement's
 * declared column types, on PostgreSQL by the pool's type parsers). A column that is an
 * expression (COUNT, SUM, MAX, CASE, a literal…) has no declared type, so the query must name
 * its type in a `RowDecoder`; without one the statement is refused with an error naming the
 * column, on both databases, the first time it runs.
 */
export type SqlValue = string | number | bigint | boolean | null | Date;

/** The JS type a result column decodes to (null stays null). */
export type SqlColumnType = "bigint" | "number" | "boolean" | "date" | "string";

/** Types of a query's expression columns by result name, e.g. `{ total: "bigint" }`; may also override a table column. */
export type RowDecoder = Readonly<Record<string, SqlColumnType>>;

export interface SqlExecutor {
  readonly kind: DatabaseKind;
  all<T>(sql: string, params?: readonly SqlValue[], decode?: RowDecoder): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[], decode?: RowDecoder): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/** The executor inside `transaction`. */
export interface SqlTransaction extends SqlExecutor {
  /**
   * A write whose outcome nobody reads, sent with the COMMIT: on PostgreSQL in the COMMIT's round
   * trip (one simple query, the values as escaped literals); on SQLite run at once (no round
   * trips to save). Its failure fails the transaction (rolled back; `transaction` throws).
   */
  defer(sql: string, params?: readonly SqlValue[]): void;
  /**
   * Statements run one after another, each reading what the ones before it left (on PostgreSQL
   * each has its own snapshot, taken when it starts): one round trip there (a simple query, the
   * values as escaped literals). Rows of each statement, in order.
   */
  batch(statements: readonly { sql: string; params?: readonly SqlValue[]; decode?: RowDecoder }[]): Promise<unknown[][]>;
}

export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `fn` in one database transaction; commits when it resolves, rolls back when it throws.
   * PostgreSQL: BEGIN goes in the first statement's round trip and the deferred writes in the
   * COMMIT's (simple queries with escaped literals); a transaction that sent nothing sends nothing.
   */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opt-in statement counter (`TOLOV_SQL_STATS=1`): every statement sent to either database,
 * BEGIN/COMMIT/ROLLBACK included, counted for the whole process (one counter even when Next.js
 * bundles a second copy of this module). `npm run bench` reads it to print statements per call:
 * SIGUSR2 makes the process write `tolov-sql-stats <count>` to stderr. Off, it costs one test
 * of a constant per statement.
 */
const countStatements = process.env.TOLOV_SQL_STATS === "1";
const statsHolder = globalThis as unknown as { tolovSqlStats?: { statements: number } };
const stats = countStatements ? (statsHolder.tolovSqlStats ??= installStatsSignal({ statements: 0 })) : { statements: 0 };

function installStatsSignal(counter: { statements: number }): { statements: number } {
  process.on("SIGUSR2", () => process.stderr.write(`tolov-sql-stats ${counter.statements}\n`));
  return counter;
}

/** Statements this process has sent so far (0 unless `TOLOV_SQL_STATS=1`). */
export function sqlStatementCount(): number {
  return stats.statements;
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

type Decode = (value: unknown) => unknown;

/**
 * Text without an offset is UTC: SQLite's CURRENT_TIMESTAMP ("2026-12-01 10:00:00") and
 * PostgreSQL's TIMESTAMP. Prisma's own SQLite text carries "+00:00"; integers are epoch ms.
 */
function toDateValue(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "bigint" || typeof value === "number") return new Date(Number(value));
  const text = String(value);
  const bare = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
  return new Date(bare ? `${text.replace(" ", "T")}Z` : text);
}

function toBigintValue(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return BigInt(value);
  // PostgreSQL's SUM over BIGINT is NUMERIC, which pg hands over as text ("120", never a fraction for money).
  return BigInt(String(value));
}

const decoders: Record<SqlColumnType, Decode> = {
  bigint: toBigintValue,
  number: (value) => (typeof value === "number" ? value : Number(value)),
  boolean: (value) => value === true || value === 1n || value === 1 || value === "1" || value === "t" || value === "true",
  date: toDateValue,
  string: (value) => (typeof value === "string" ? value : value instanceof Date ? value.toISOString() : String(value)),
};

/** SQLite's declared column type → how its values decode (undefined: returned as read, i.e. text). */
function sqliteDeclaredType(declared: string): SqlColumnType | undefined {
  const type = declared.toUpperCase();
  if (type === "BIGINT") return "bigint";
  if (type.includes("INT")) return "number";
  if (type === "BOOLEAN") return "boolean";
  if (type === "DATETIME" || type === "DATE" || type.startsWith("TIMESTAMP")) return "date";
  if (type === "REAL" || type.startsWith("DOUBLE") || type === "FLOAT" || type.startsWith("DECIMAL")) return "number";
  return undefined;
}

function undeclaredColumn(column: string, sql: string): Error {
  const text = sql.replace(/\s+/g, " ").trim();
  return new Error(
    `SQL column "${column}" has no declared type (an expression): pass its type in the query's RowDecoder, e.g. { ${column}: "bigint" } — in: ${text.length > 160 ? `${text.slice(0, 160)}…` : text}`,
  );
}

type ColumnDecoder = readonly (readonly [name: string, decode: Decode])[];

/** Applies a row's column decoders in place (rows are fresh objects from the driver). */
function decodeRow<T>(row: unknown, columns: ColumnDecoder): T {
  const record = row as Record<string, unknown>;
  for (const [name, decode] of columns) {
    const value = record[name];
    if (value !== null && value !== undefined) record[name] = decode(value);
  }
  return record as T;
}

/** SQLite: one decoder per (statement, RowDecoder), from the declared types of its result columns. */
function sqliteColumnDecoder(statement: Database.Statement, sql: string, decode: RowDecoder | undefined): ColumnDecoder {
  const columns: (readonly [string, Decode])[] = [];
  for (const column of statement.columns()) {
    const explicit = decode?.[column.name];
    const type = explicit ?? (column.type === null ? undefined : sqliteDeclaredType(column.type));
    if (!explicit && column.type === null) throw undeclaredColumn(column.name, sql);
    // With safe integers on, a BIGINT column already reads as bigint: nothing to do per row.
    if (type && (explicit || type !== "bigint")) columns.push([column.name, decoders[type]]);
  }
  return columns;
}

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
  type Prepared = { statement: Database.Statement; decode?: RowDecoder; columns?: ColumnDecoder };
  const statements = new Map<string, Prepared>();
  const prepare = (sql: string): Prepared => {
    let prepared = statements.get(sql);
    if (!prepared) {
      prepared = { statement: connection.prepare(sql) };
      statements.set(sql, prepared);
    }
    if (countStatements) stats.statements++;
    return prepared;
  };
  // Computed once per statement (again only if the same text comes with another decoder object).
  const columnsOf = (prepared: Prepared, sql: string, decode: RowDecoder | undefined): ColumnDecoder => {
    if (prepared.columns === undefined || prepared.decode !== decode) {
      prepared.columns = sqliteColumnDecoder(prepared.statement, sql, decode);
      prepared.decode = decode;
    }
    return prepared.columns;
  };
  const executor: SqlExecutor = {
    kind: "sqlite",
    async all<T>(sql: string, params: readonly SqlValue[] = [], decode?: RowDecoder) {
      const prepared = prepare(sql);
      const columns = columnsOf(prepared, sql, decode);
      const rows = prepared.statement.all(...params.map(toSqliteParam));
      for (const row of rows) decodeRow(row, columns);
      return rows as T[];
    },
    async get<T>(sql: string, params: readonly SqlValue[] = [], decode?: RowDecoder) {
      const prepared = prepare(sql);
      const columns = columnsOf(prepared, sql, decode);
      const row = prepared.statement.get(...params.map(toSqliteParam));
      return row === undefined ? undefined : decodeRow<T>(row, columns);
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const result = prepare(sql).statement.run(...params.map(toSqliteParam));
      return { changes: result.changes };
    },
  };
  const transactionExecutor: SqlTransaction = {
    ...executor,
    defer(sql: string, params: readonly SqlValue[] = []) {
      prepare(sql).statement.run(...params.map(toSqliteParam));
    },
    async batch(list) {
      const rows: unknown[][] = [];
      for (const { sql, params, decode } of list) rows.push(await executor.all(sql, params, decode));
      return rows;
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
    all: (sql, params, decode) => locked(() => executor.all(sql, params, decode)),
    get: (sql, params, decode) => locked(() => executor.get(sql, params, decode)),
    run: (sql, params) => locked(() => executor.run(sql, params)),
    transaction: <T>(fn: (tx: SqlTransaction) => Promise<T>) =>
      locked(async () => {
        prepare("BEGIN IMMEDIATE").statement.run();
        try {
          const result = await fn(transactionExecutor);
          prepare("COMMIT").statement.run();
          return result;
        } catch (error) {
          if (connection.inTransaction) prepare("ROLLBACK").statement.run();
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
 * pg's defaults already give INTEGER → number, BOOLEAN → boolean, TEXT → string.
 */
const postgresTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.INT8) return (value: string) => BigInt(value);
    if (oid === pg.types.builtins.TIMESTAMP) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
  },
} as pg.CustomTypesConfig;

/**
 * PostgreSQL: table columns are decoded by the pool's type parsers; the result's field list
 * (the same for every run of one text) tells which columns are expressions (no table). Checked
 * once per statement text and decoder object.
 */
function postgresColumnDecoder(fields: readonly pg.FieldDef[], sql: string, decode: RowDecoder | undefined): ColumnDecoder {
  const columns: (readonly [string, Decode])[] = [];
  for (const field of fields) {
    const explicit = decode?.[field.name];
    if (explicit) columns.push([field.name, decoders[explicit]]);
    else if (!field.tableID) throw undeclaredColumn(field.name, sql);
  }
  return columns;
}

/** Distinct statement texts one process prepares on PostgreSQL (ours are a few dozen constants). */
const PREPARED_LIMIT = 1_000;

function createPostgres(url: string): SqlDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: postgresTypes });
  // An idle connection the server drops (restart, failover) is discarded by the pool; without
  // a listener its error would end the process.
  pool.on("error", (error) => console.error("PostgreSQL connection lost:", error.message));
  const checked = new Map<string, { decode?: RowDecoder; columns: ColumnDecoder }>();
  const rowsOf = <T>(result: pg.QueryResult, sql: string, decode: RowDecoder | undefined): T[] => {
    let known = checked.get(sql);
    if (!known || known.decode !== decode) {
      known = { decode, columns: postgresColumnDecoder(result.fields, sql, decode) };
      checked.set(sql, known);
    }
    if (known.columns.length) for (const row of result.rows) decodeRow(row, known.columns);
    return result.rows as T[];
  };
  // Named (prepared) statements: PostgreSQL parses and plans each text once per connection.
  // Texts with parameters only (BEGIN/COMMIT go as simple queries), and at most PREPARED_LIMIT
  // of them per process (a text built from data would otherwise prepare without end); past
  // that, unnamed, parsed every time.
  const prepared = new Map<string, { name?: string; text: string }>();
  const statementOf = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) {
      const text = toPostgresPlaceholders(sql);
      if (prepared.size >= PREPARED_LIMIT) return { text };
      statement = { name: `tolov_${prepared.size}`, text };
      prepared.set(sql, statement);
    }
    return statement;
  };
  const query = (client: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[]) => {
    if (countStatements) stats.statements++;
    if (params.length === 0) return client.query(sql);
    const { name, text } = statementOf(sql);
    return client.query({ name, text, values: params.map(toPostgresParam) });
  };
  const queryable = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    kind: "postgresql",
    async all<T>(sql: string, params: readonly SqlValue[] = [], decode?: RowDecoder) {
      return rowsOf<T>(await query(client, sql, params), sql, decode);
    },
    async get<T>(sql: string, params: readonly SqlValue[] = [], decode?: RowDecoder) {
      return rowsOf<T>(await query(client, sql, params), sql, decode)[0];
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const result = await query(client, sql, params);
      return { changes: result.rowCount ?? 0 };
    },
  });
  return {
    ...queryable(pool),
    async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // While checked out, the pool no longer listens to this client: a connection lost now
      // would be an unhandled 'error' event. The failing query rejects; we drop the client.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      client.on("error", onError);
      /** Whether BEGIN was sent (the transaction block is open, or was). */
      let begun = false;
      const deferred: string[] = [];
      const literal = (value: SqlValue): string => {
        const text = toPostgresParam(value);
        if (text === null || text === undefined) return "NULL";
        if (typeof text === "number" && !Number.isFinite(text)) throw new RangeError(`not a finite number: ${text}`);
        // Quoted, of unknown type: PostgreSQL types it from its place, as it types a parameter.
        return client.escapeLiteral(String(text));
      };
      const inline = (sql: string, params: readonly SqlValue[]) => {
        let index = 0;
        const text = sql.replace(/\?/g, () => literal(params[index++]!));
        if (index !== params.length) throw new Error(`${params.length} values for ${index} placeholders in: ${sql.slice(0, 120)}`);
        return text;
      };
      /** Several statements in one simple query (with BEGIN first when it is not sent yet). */
      const sendAll = async (list: readonly { sql: string; params?: readonly SqlValue[] }[]): Promise<pg.QueryResult[]> => {
        const opening = begun ? [] : ["BEGIN"];
        begun = true;
        if (countStatements) stats.statements += list.length + opening.length;
        const text = [...opening, ...list.map(({ sql, params }) => inline(sql, params ?? []))].join("; ");
        const results = (await client.query(text)) as unknown as pg.QueryResult | pg.QueryResult[];
        const all = Array.isArray(results) ? results : [results];
        return all.slice(opening.length);
      };
      const send = async (sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> => {
        if (begun) return query(client, sql, params);
        // The first statement carries BEGIN: one round trip for both.
        begun = true;
        if (countStatements) stats.statements += 2;
        const results = (await client.query(`BEGIN; ${inline(sql, params)}`)) as unknown as pg.QueryResult[];
        return results[1]!;
      };
      const tx: SqlTransaction = {
        kind: "postgresql",
        async all<R>(sql: string, params: readonly SqlValue[] = [], decode?: RowDecoder) {
          return rowsOf<R>(await send(sql, params), sql, decode);
        },
        async get<R>(sql: string, params: readonly SqlValue[] = [], decode?: RowDecoder) {
          return rowsOf<R>(await send(sql, params), sql, decode)[0];
        },
        async run(sql: string, params: readonly SqlValue[] = []) {
          const result = await send(sql, params);
          return { changes: result.rowCount ?? 0 };
        },
        defer(sql: string, params: readonly SqlValue[] = []) {
          deferred.push(inline(sql, params));
        },
        async batch(list) {
          const results = await sendAll(list);
          return list.map(({ sql, decode }, index) => rowsOf<unknown>(results[index]!, sql, decode));
        },
      };
      try {
        const result = await fn(tx);
        if (begun || deferred.length > 0) {
          const opening = begun ? "" : "BEGIN; ";
          begun = true;
          if (countStatements) stats.statements += deferred.length + (opening ? 2 : 1);
          await client.query(`${opening}${deferred.map((statement) => `${statement}; `).join("")}COMMIT`);
        }
        return result;
      } catch (error) {
        if (begun) {
          if (countStatements) stats.statements++;
          await client.query("ROLLBACK").catch((rollbackError: Error) => {
            lost ??= rollbackError;
          });
        }
        throw error;
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
