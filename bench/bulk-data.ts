// Bench data written straight with SQL (one statement per batch, no per-row round trips):
// payable orders for the lifecycles and a large PaymeTransaction table for GetStatement.
import { randomBytes } from "node:crypto";
import type { SqlDatabase } from "../lib/db/sql";

/** The demo catalog's KAZAN-8L: 850 000 so'm. */
export const BENCH_SKU = "KAZAN-8L";
export const BENCH_AMOUNT = 85_000_000n;

/** Inserts `count` payable one-item orders; returns their numbers in order. */
export async function insertOrders(sql: SqlDatabase, count: number): Promise<number[]> {
  const tag = `bench-${randomBytes(6).toString("hex")}`;
  const now = new Date();
  const batch = 50_000;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    if (sql.kind === "sqlite") {
      await sql.run(
        `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ?)
         INSERT INTO "Order" ("id", "amount", "createdAt", "updatedAt")
         SELECT ? || '-' || (n + ?), ?, ?, ? FROM seq`,
        [size, tag, start, BENCH_AMOUNT, now, now],
      );
    } else {
      await sql.run(
        `INSERT INTO "Order" ("id", "amount", "createdAt", "updatedAt")
         SELECT ?::text || '-' || (n + ?::int)::text, ?::bigint, ?::timestamp, ?::timestamp FROM generate_series(0, ?::int - 1) AS n`,
        [tag, start, BENCH_AMOUNT, now, now, size],
      );
    }
  }
  await sql.run(
    `INSERT INTO "OrderItem" ("orderNumber", "sku", "title", "quantity", "unitPrice", "originalPrice", "originalCurrency", "code", "packageCode", "vatPercent", "position")
     SELECT o."number", p."sku", p."titleRu", 1, p."price", p."price", p."currency", p."code", p."packageCode", p."vatPercent", 0
       FROM "Order" o JOIN "Product" p ON p."sku" = ?
      WHERE o."id" LIKE ?`,
    [BENCH_SKU, `${tag}-%`],
  );
  const rows = await sql.all<{ number: number }>(`SELECT "number" FROM "Order" WHERE "id" LIKE ? ORDER BY "number"`, [`${tag}-%`]);
  return rows.map((row) => Number(row.number));
}

export type StatementTable = { rows: number; from: number; to: number };

/**
 * Inserts `rows` Payme transactions spread evenly over the year before `endMs` (mostly performed,
 * some cancelled, some refunded), over a thousand orders, as a busy shop's history. Payme ids are
 * `st…` (24 characters), so they never collide with the lifecycles' ids.
 */
export async function insertStatementTransactions(sql: SqlDatabase, rows: number, endMs: number): Promise<StatementTable> {
  const orders = await insertOrders(sql, 1000);
  const firstOrder = orders[0]!;
  const span = 365 * 24 * 3_600_000;
  const from = endMs - span;
  const step = Math.floor(span / rows);
  const batch = 200_000;
  for (let start = 0; start < rows; start += batch) {
    const size = Math.min(batch, rows - start);
    // state: 9 in 10 performed, then cancelled (-1, reason 3) and refunded (-2, reason 5) alternate.
    if (sql.kind === "sqlite") {
      await sql.run(
        `WITH RECURSIVE seq(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ?)
         INSERT INTO "PaymeTransaction" ("paymeId", "orderNumber", "amount", "account", "paymeTime", "createTime", "performTime", "cancelTime", "state", "reason")
         SELECT printf('st%022d', n), ? + (n % 1000), ?, '{"order_id":"' || (? + (n % 1000)) || '"}', ? + n * ?, ? + n * ? + 40,
                CASE WHEN n % 10 = 9 AND n % 20 = 9 THEN 0 ELSE ? + n * ? + 5000 END,
                CASE WHEN n % 10 = 9 THEN ? + n * ? + 60000 ELSE 0 END,
                CASE WHEN n % 10 <> 9 THEN 2 WHEN n % 20 = 9 THEN -1 ELSE -2 END,
                CASE WHEN n % 10 <> 9 THEN NULL WHEN n % 20 = 9 THEN 3 ELSE 5 END
           FROM seq`,
        [start, start + size, firstOrder, BENCH_AMOUNT, firstOrder, from, step, from, step, from, step, from, step],
      );
    } else {
      await sql.run(
        `INSERT INTO "PaymeTransaction" ("paymeId", "orderNumber", "amount", "account", "paymeTime", "createTime", "performTime", "cancelTime", "state", "reason")
         SELECT 'st' || lpad(n::text, 22, '0'), ?::int + (n % 1000), ?::bigint, '{"order_id":"' || (?::int + (n % 1000)) || '"}',
                ?::bigint + n * ?::bigint, ?::bigint + n * ?::bigint + 40,
                CASE WHEN n % 10 = 9 AND n % 20 = 9 THEN 0 ELSE ?::bigint + n * ?::bigint + 5000 END,
                CASE WHEN n % 10 = 9 THEN ?::bigint + n * ?::bigint + 60000 ELSE 0 END,
                CASE WHEN n % 10 <> 9 THEN 2 WHEN n % 20 = 9 THEN -1 ELSE -2 END,
                CASE WHEN n % 10 <> 9 THEN NULL WHEN n % 20 = 9 THEN 3 ELSE 5 END
           FROM generate_series(?::bigint, ?::bigint - 1) AS n`,
        [firstOrder, BENCH_AMOUNT, firstOrder, from, step, from, step, from, step, from, step, start, start + size],
      );
    }
  }
  await sql.run(sql.kind === "sqlite" ? `ANALYZE` : `ANALYZE "PaymeTransaction"`);
  return { rows, from, to: from + (rows - 1) * step };
}
