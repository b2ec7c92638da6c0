// The floors Robokassa's ResultURL is measured against (bench/robokassa-result.ts), as a child
// process on the store's database:
//   MODE=handler   the store's own ResultURL handler (createResultHttpHandler: settings, the
//                  signature, the attempt, the settlement core) behind a bare node:http server —
//                  what server.ts and the framework add;
//   MODE=physical  node:http and the database driver doing the fewest statements for the same
//                  checks and writes: read the attempt (1 SELECT), the signature and amount in
//                  memory, then the ledger entry and the order's paid sums (BEGIN, INSERT … ON
//                  CONFLICT DO NOTHING, UPDATE, COMMIT); answers `OK{InvId}`. No settings read,
//                  reservation, outbox or status rules: what the store's rules and SQL layer cost.
//   DATABASE_URL, APP_SECRET (handler), ROBOKASSA_PASSWORD2 (physical, MD5), PORT, HOST=127.0.0.1
// Answers SIGUSR2 with `tolov-sql-stats <statements so far>` on stderr (the handler through lib/db/sql.ts).
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, SQLITE_BUSY_TIMEOUT_MS, sqlitePath } from "../lib/db/database-url";
import { createSql } from "../lib/db/sql";
import { createResultHttpHandler } from "../lib/payments/robokassa/store-endpoints";

const { DATABASE_URL, APP_SECRET, ROBOKASSA_PASSWORD2, PORT, MODE, HOST = "127.0.0.1" } = process.env;
if (!DATABASE_URL || !PORT || (MODE === "handler" ? !APP_SECRET : MODE === "physical" ? !ROBOKASSA_PASSWORD2 : true)) {
  console.error("robokassa-result-floor needs DATABASE_URL, PORT, MODE=handler (with APP_SECRET) or MODE=physical (with ROBOKASSA_PASSWORD2)");
  process.exit(2);
}

type Attempt = { orderNumber: number; amount: bigint; outSum: bigint };
/** The attempt's row, and one transaction recording its payment (true: recorded now, false: a repeat). */
type Physical = { attempt(invId: number): Promise<Attempt | undefined>; record(invId: number, attempt: Attempt): Promise<boolean> };

const SQL = {
  attempt: `SELECT "orderNumber", "amount", "outSum" FROM "RobokassaAttempt" WHERE "invId" = ?`,
  ledger: `INSERT INTO "LedgerEntry" ("orderNumber", "kind", "provider", "reference", "amount", "at") VALUES (?, 'payment', 'robokassa', ?, ?, ?)
    ON CONFLICT ("kind", "provider", "reference") DO NOTHING RETURNING "id"`,
  order: `UPDATE "Order" SET "paidAmount" = "paidAmount" + ?, "status" = 'paid', "updatedAt" = ? WHERE "number" = ?`,
};
let statements = 0;

function sqlitePhysical(url: string): Physical {
  const db = new Database(sqlitePath(url), { timeout: SQLITE_BUSY_TIMEOUT_MS });
  db.pragma("journal_mode = WAL");
  db.defaultSafeIntegers(true);
  const attempt = db.prepare<[number], { orderNumber: bigint; amount: bigint; outSum: bigint }>(SQL.attempt);
  const ledger = db.prepare(SQL.ledger);
  const order = db.prepare(SQL.order);
  const record = db.transaction((invId: number, row: Attempt) => {
    const now = new Date().toISOString().replace("Z", "+00:00");
    statements += 1;
    if (!ledger.get(row.orderNumber, String(invId), row.amount, now)) return false;
    statements += 1;
    order.run(row.amount, now, row.orderNumber);
    return true;
  });
  return {
    async attempt(invId) {
      statements += 1;
      const row = attempt.get(invId);
      return row && { orderNumber: Number(row.orderNumber), amount: row.amount, outSum: row.outSum };
    },
    async record(invId, row) {
      statements += 2; // BEGIN, COMMIT
      return record.immediate(invId, row);
    },
  };
}

function postgresPhysical(url: string): Physical {
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => BigInt(value));
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  let n = 0;
  const numbered = (text: string) => text.replace(/\?/g, () => `$${++n}`);
  const named = Object.fromEntries(
    Object.entries(SQL).map(([name, text]) => {
      n = 0;
      return [name, { name: `robokassa_floor_${name}`, text: numbered(text) }];
    }),
  ) as Record<keyof typeof SQL, { name: string; text: string }>;
  return {
    async attempt(invId) {
      statements += 1;
      const row = (await pool.query<{ orderNumber: number; amount: bigint; outSum: bigint }>({ ...named.attempt, values: [invId] })).rows[0];
      return row && { orderNumber: Number(row.orderNumber), amount: BigInt(row.amount), outSum: BigInt(row.outSum) };
    },
    async record(invId, row) {
      const client = await pool.connect();
      const now = new Date().toISOString().slice(0, 23).replace("T", " ");
      try {
        statements += 3;
        await client.query("BEGIN");
        const inserted = (await client.query({ ...named.ledger, values: [row.orderNumber, String(invId), String(row.amount), now] })).rowCount === 1;
        if (inserted) {
          statements += 1;
          await client.query({ ...named.order, values: [String(row.amount), now, row.orderNumber] });
        }
        await client.query("COMMIT");
        return inserted;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/** `100.260000` → 10026n kopeks (the bench sends whole kopeks only). */
function kopeks(outSum: string): bigint | undefined {
  const match = /^(\d+)\.(\d{2})0*$/.exec(outSum);
  return match ? BigInt(match[1]!) * 100n + BigInt(match[2]!) : undefined;
}

function physicalHandler(floor: Physical, password2: string) {
  const text = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
  };
  return async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const outSum = form.get("OutSum") ?? "";
    const invId = Number(form.get("InvId"));
    const shp = [...form.keys()].filter((name) => name.startsWith("Shp_")).sort().map((name) => `${name}=${form.get(name)}`);
    const expected = Buffer.from(createHash("md5").update([outSum, String(invId), password2, ...shp].join(":")).digest("hex"));
    const given = Buffer.from((form.get("SignatureValue") ?? "").toLowerCase());
    if (!Number.isSafeInteger(invId) || given.length !== expected.length || !timingSafeEqual(given, expected)) return text(res, 400, "bad sign");
    const attempt = await floor.attempt(invId);
    if (!attempt) return text(res, 404, "unknown InvId");
    if (kopeks(outSum) !== attempt.outSum) return text(res, 400, "wrong amount");
    await floor.record(invId, attempt);
    text(res, 200, `OK${invId}`);
  };
}

let handle: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
let close: () => Promise<void>;
if (MODE === "handler") {
  const sql = createSql(DATABASE_URL);
  handle = createResultHttpHandler(() => ({ sql, appSecret: APP_SECRET! }));
  close = () => sql.close();
} else {
  process.on("SIGUSR2", () => process.stderr.write(`tolov-sql-stats ${statements}\n`));
  const floor = databaseKind(DATABASE_URL) === "sqlite" ? sqlitePhysical(DATABASE_URL) : postgresPhysical(DATABASE_URL);
  handle = physicalHandler(floor, ROBOKASSA_PASSWORD2!);
  close = async () => {};
}

const server = createServer((req, res) => {
  Promise.resolve(handle(req, res)).catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end(error instanceof Error ? error.message : String(error));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(PORT), HOST, () => console.log(`robokassa ${MODE} floor listening on http://${HOST}:${PORT}`));
const stop = () => server.close(() => void close().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
