// The money a store holds, as row counts and a checksum per table, to prove that a run of bad
// input changed none of it (test/fuzz-endpoints.sqlite.test.ts). The tables are picked by name
// from the database's catalog, so tables added later (outbox deliveries, webhooks…) count too.
import { createHash } from "node:crypto";
import type { SqlDatabase } from "@/lib/db/sql";

/**
 * Tables that record money or a provider's transaction: the ledger, reservations, every
 * provider's transaction tables, refunds, and the outbox with whatever delivers it. Not
 * `RobokassaAttempt`: a valid "pay with Robokassa" request writes one (the price quoted for the
 * hosted page) and no money moves until ResultURL, which writes the ledger.
 */
const MONEY_TABLE = /^(LedgerEntry|Reservation|Payme(Transaction|Receipt)|Click\w*|RobokassaRefund|Exchange1cRefund|\w*(Outbox|Webhook|Notification|Delivery|Deliveries)\w*)$/i;

export type TableDigest = { rows: number; checksum: string };
/** Table name → its digest; `Order(money)` covers the money columns of the orders that existed when the first snapshot was taken. */
export type MoneySnapshot = Record<string, TableDigest>;

async function tableNames(sql: SqlDatabase): Promise<string[]> {
  const rows =
    sql.kind === "sqlite"
      ? await sql.all<{ name: string }>(`SELECT "name" FROM sqlite_master WHERE "type" = 'table'`)
      : await sql.all<{ name: string }>(`SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
  return rows.map((row) => row.name).filter((name) => MONEY_TABLE.test(name)).sort();
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "bigint") return `${item}n`;
    if (item instanceof Date) return item.toISOString();
    if (item instanceof Uint8Array) return Buffer.from(item).toString("base64");
    return item;
  });
}

function digest(rows: unknown[]): TableDigest {
  const lines = rows.map(canonical).sort();
  return { rows: rows.length, checksum: createHash("sha256").update(lines.join("\n")).digest("hex") };
}

/**
 * Row count and SHA-256 (over the rows' canonical JSON, sorted) of every money table, plus the
 * money columns (status, paid, refunded) of orders numbered up to `ordersUpTo` — orders placed
 * later by valid requests are left out.
 */
export async function moneySnapshot(sql: SqlDatabase, ordersUpTo: number): Promise<MoneySnapshot> {
  const snapshot: MoneySnapshot = {};
  for (const table of await tableNames(sql)) snapshot[table] = digest(await sql.all(`SELECT * FROM "${table}"`));
  snapshot["Order(money)"] = digest(
    await sql.all(`SELECT "number", "status", "amount", "paidAmount", "refundedAmount" FROM "Order" WHERE "number" <= ?`, [ordersUpTo]),
  );
  return snapshot;
}

/** The highest order number so far (0 when there is none). */
export async function lastOrderNumber(sql: SqlDatabase): Promise<number> {
  const row = await sql.get<{ n: number | null }>(`SELECT MAX("number") AS "n" FROM "Order"`, [], { n: "number" });
  return Number(row?.n ?? 0);
}
