// The bench's PHYSICAL floor: what the Payme lifecycle costs on this machine with nothing but
// node:http and the database driver (better-sqlite3 or pg, as the store uses them), doing the
// fewest statements that make the same checks and writes and answering the same JSON-RPC shapes:
//   CreateTransaction  Basic auth (in memory, constant time); the order's amount and status
//                      (1 SELECT); amount check; insert the transaction (1 INSERT … RETURNING)
//   PerformTransaction one transaction: conditional update of the transaction (state 1 → 2,
//                      RETURNING its order and amount) plus the order's paid mark
//                      (BEGIN, 2 UPDATEs, COMMIT)
//   CheckTransaction   one SELECT
// Prepared statements on both drivers (named queries on pg). No reservation, ledger, outbox or
// expiry rules: this is the floor the store's rules are measured against, not a Merchant API.
// Bench-only; started by bench/merchant-api.ts as a child process.
//   DATABASE_URL, PAYME_KEY (the cashbox key; login "Paycom"), PORT (HOST defaults to 127.0.0.1)
// Answers SIGUSR2 with `tolov-sql-stats <statements so far>` on stderr, as lib/db/sql.ts does.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, SQLITE_BUSY_TIMEOUT_MS, sqlitePath } from "../lib/db/database-url";

const { DATABASE_URL, PAYME_KEY, PORT, HOST = "127.0.0.1" } = process.env;
if (!DATABASE_URL || !PAYME_KEY || !PORT) {
  console.error("physical-floor needs DATABASE_URL, PAYME_KEY and PORT");
  process.exit(2);
}

let statements = 0;
process.on("SIGUSR2", () => process.stderr.write(`tolov-sql-stats ${statements}\n`));

const expected = Buffer.from(`Basic ${Buffer.from(`Paycom:${PAYME_KEY}`).toString("base64")}`);
function authorized(header: string | undefined): boolean {
  if (!header) return false;
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type RpcId = number | string | null;
type Answer = { result: unknown } | { error: { code: number; message: { ru: string; uz: string; en: string }; data?: string } };
const fail = (code: number, data?: string): Answer => ({
  error: { code, message: { ru: `Ошибка ${code}`, uz: `Xato ${code}`, en: `Error ${code}` }, ...(data ? { data } : {}) },
});

/** The three calls against one database; every statement counted. */
type Floor = {
  create(id: string, time: number, amount: number, orderNumber: number): Promise<Answer>;
  perform(id: string): Promise<Answer>;
  check(id: string): Promise<Answer>;
};

type OrderRow = { amount: bigint; status: string };
type TransactionRow = { id: number | bigint; createTime: bigint; performTime: bigint; cancelTime: bigint; state: number | bigint; reason: number | bigint | null };

const checkAnswer = (row: TransactionRow): Answer => ({
  result: {
    create_time: Number(row.createTime),
    perform_time: Number(row.performTime),
    cancel_time: Number(row.cancelTime),
    transaction: String(row.id),
    state: Number(row.state),
    reason: row.reason === null ? null : Number(row.reason),
  },
});

const SQL = {
  order: `SELECT "amount", "status" FROM "Order" WHERE "number" = ?`,
  insert: `INSERT INTO "PaymeTransaction" ("paymeId", "orderNumber", "amount", "account", "paymeTime", "createTime", "state") VALUES (?, ?, ?, ?, ?, ?, 1) RETURNING "id"`,
  perform: `UPDATE "PaymeTransaction" SET "state" = 2, "performTime" = ? WHERE "paymeId" = ? AND "state" = 1 RETURNING "id", "orderNumber", "amount"`,
  paid: `UPDATE "Order" SET "paidAmount" = "paidAmount" + ?, "status" = 'paid', "updatedAt" = ? WHERE "number" = ?`,
  check: `SELECT "id", "createTime", "performTime", "cancelTime", "state", "reason" FROM "PaymeTransaction" WHERE "paymeId" = ?`,
};

function sqliteFloor(url: string): Floor {
  const db = new Database(sqlitePath(url), { timeout: SQLITE_BUSY_TIMEOUT_MS });
  db.defaultSafeIntegers(true);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const order = db.prepare<[number], OrderRow>(SQL.order);
  const insert = db.prepare<unknown[], { id: bigint }>(SQL.insert);
  const perform = db.prepare<unknown[], { id: bigint; orderNumber: bigint; amount: bigint }>(SQL.perform);
  const paid = db.prepare(SQL.paid);
  const check = db.prepare<[string], TransactionRow>(SQL.check);
  const performAndMark = db.transaction((id: string, now: number) => {
    statements += 2; // BEGIN IMMEDIATE … COMMIT
    statements++;
    const row = perform.get(BigInt(now), id);
    if (!row) return undefined;
    statements++;
    paid.run(row.amount, new Date(now).toISOString().replace("Z", "+00:00"), row.orderNumber);
    return row;
  });
  return {
    async create(id, time, amount, orderNumber) {
      statements++;
      const row = order.get(orderNumber);
      if (!row) return fail(-31050, "order_id");
      if (row.amount !== BigInt(amount) || row.status !== "pending") return fail(-31001);
      const now = Date.now();
      statements++;
      const inserted = insert.get(id, orderNumber, BigInt(amount), JSON.stringify({ order_id: String(orderNumber) }), BigInt(time), BigInt(now))!;
      return { result: { create_time: now, transaction: String(inserted.id), state: 1 } };
    },
    async perform(id) {
      const now = Date.now();
      const row = performAndMark.immediate(id, now);
      if (!row) return fail(-31003);
      return { result: { transaction: String(row.id), perform_time: now, state: 2 } };
    },
    async check(id) {
      statements++;
      const row = check.get(id);
      return row ? checkAnswer(row) : fail(-31003);
    },
  };
}

/** `?` → `$n`. */
const numbered = (sql: string) => {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
};

function postgresFloor(url: string): Floor {
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => BigInt(value));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("error", (error) => console.error("PostgreSQL connection lost:", error.message));
  const named = Object.fromEntries(Object.entries(SQL).map(([name, text]) => [name, { name: `floor_${name}`, text: numbered(text) }])) as Record<
    keyof typeof SQL,
    { name: string; text: string }
  >;
  const timestamp = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace("T", " ");
  return {
    async create(id, time, amount, orderNumber) {
      statements++;
      const row = (await pool.query<OrderRow>({ ...named.order, values: [orderNumber] })).rows[0];
      if (!row) return fail(-31050, "order_id");
      if (row.amount !== BigInt(amount) || row.status !== "pending") return fail(-31001);
      const now = Date.now();
      statements++;
      const inserted = (
        await pool.query<{ id: number }>({
          ...named.insert,
          values: [id, orderNumber, String(amount), JSON.stringify({ order_id: String(orderNumber) }), String(time), String(now)],
        })
      ).rows[0]!;
      return { result: { create_time: now, transaction: String(inserted.id), state: 1 } };
    },
    async perform(id) {
      const now = Date.now();
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        statements++;
        await client.query("BEGIN");
        statements++;
        const row = (await client.query<{ id: number; orderNumber: number; amount: bigint }>({ ...named.perform, values: [String(now), id] })).rows[0];
        if (row) {
          statements++;
          await client.query({ ...named.paid, values: [String(row.amount), timestamp(now), row.orderNumber] });
        }
        statements++;
        await client.query("COMMIT");
        return row ? { result: { transaction: String(row.id), perform_time: now, state: 2 } } : fail(-31003);
      } catch (error) {
        broken = error as Error;
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async check(id) {
      statements++;
      const row = (await pool.query<TransactionRow>({ ...named.check, values: [id] })).rows[0];
      return row ? checkAnswer(row) : fail(-31003);
    },
  };
}

const floor = databaseKind(DATABASE_URL) === "sqlite" ? sqliteFloor(DATABASE_URL) : postgresFloor(DATABASE_URL);

type Call = { id?: unknown; method?: unknown; params?: { id?: unknown; time?: unknown; amount?: unknown; account?: { order_id?: unknown } } };

async function answer(req: IncomingMessage, body: string): Promise<Answer & { id: RpcId }> {
  let call: Call;
  try {
    call = JSON.parse(body) as Call;
  } catch {
    return { id: null, ...fail(-32700) };
  }
  const id: RpcId = typeof call.id === "number" || typeof call.id === "string" ? call.id : null;
  if (!authorized(req.headers.authorization)) return { id, ...fail(-32504) };
  const params = call.params ?? {};
  if (typeof params.id !== "string") return { id, ...fail(-32600) };
  switch (call.method) {
    case "CreateTransaction": {
      const orderNumber = Number(params.account?.order_id);
      if (!Number.isSafeInteger(orderNumber) || typeof params.amount !== "number" || typeof params.time !== "number") return { id, ...fail(-31050, "order_id") };
      return { id, ...(await floor.create(params.id, params.time, params.amount, orderNumber)) };
    }
    case "PerformTransaction":
      return { id, ...(await floor.perform(params.id)) };
    case "CheckTransaction":
      return { id, ...(await floor.check(params.id)) };
    default:
      return { id, ...fail(-32601) };
  }
}

function send(res: ServerResponse, value: unknown): void {
  const text = JSON.stringify({ jsonrpc: "2.0", ...(value as object) });
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    answer(req, Buffer.concat(chunks).toString("utf8")).then(
      (value) => send(res, value),
      (error: unknown) => {
        console.error(error);
        send(res, { id: null, ...fail(-32400) });
      },
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(PORT), HOST, () => console.log(`physical floor listening on http://${HOST}:${PORT}`));

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
