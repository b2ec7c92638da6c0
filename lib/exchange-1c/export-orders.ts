import { createHash } from "node:crypto";
import type { SqlExecutor } from "../db/sql";
import { readChangeHorizon } from "../orders/change-sequence";
import { PROVIDER_1C } from "./apply-document";
import type { ExportOrder, ExportPayment } from "./commerceml";

/** At most this many orders per `query` (the rest go in the next exchange, after `success`). */
export const QUERY_BATCH = 500;

const orderColumns = `SELECT "number", "id", "amount", "paidAmount", "refundedAmount", "status", "customerPhone", "customerEmail", "customerName",
       "fulfilledAt", "cancelledAt", "cancelRefusedAt", "createdAt", "updatedAt", "exportSeq"
  FROM "Order"`;
const ordersSql = `${orderColumns} WHERE "exportSeq" >= ? AND "exportSeq" < ? ORDER BY "exportSeq", "number" LIMIT ${QUERY_BATCH}`;
/** The rest of a full batch's last value: one transaction's changes go out together. */
const tiesSql = `${orderColumns} WHERE "exportSeq" = ? AND "number" > ? ORDER BY "number"`;

type OrderRow = {
  number: number;
  id: string;
  amount: bigint;
  paidAmount: bigint;
  refundedAmount: bigint;
  status: string;
  customerPhone: string | null;
  customerEmail: string | null;
  customerName: string | null;
  fulfilledAt: Date | null;
  cancelledAt: Date | null;
  cancelRefusedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  exportSeq: bigint;
};

/**
 * A buyer's `Контрагент` `Ид`: stable for one buyer (their phone, else e-mail) across orders and
 * different between buyers; an order without contact is its own buyer.
 */
export function customerKey(order: { id: string; customerPhone: string | null; customerEmail: string | null }): string {
  const who = order.customerPhone ? `phone:${order.customerPhone.replace(/\D/g, "")}` : order.customerEmail ? `email:${order.customerEmail.trim().toLowerCase()}` : `order:${order.id}`;
  return `buyer-${createHash("sha256").update(who, "utf8").digest("hex").slice(0, 24)}`;
}

/**
 * The orders changed at or after `mark` (the committed export mark: every change below it was
 * sent), below the change horizon read first (change-sequence.ts) — so every change below it
 * has committed and is seen, and whatever commits later has a value at or above it. At most
 * QUERY_BATCH orders, and the rest of the last one's value if others share it (a value is never
 * split between two batches, so the next batch starts past it). Returns the orders and the mark
 * to commit when 1C says `success`: the horizon, or past the batch's last value when the batch
 * is full.
 *
 * A mark above the horizon means the sequence went back (orders deleted by hand on SQLite, a
 * sequence reset on PostgreSQL): the export starts over from 0 rather than miss changes below
 * the old mark.
 */
export async function ordersSince(sql: SqlExecutor, mark: bigint): Promise<{ orders: ExportOrder[]; upTo: bigint }> {
  const horizon = await readChangeHorizon(sql);
  const from = mark > horizon ? 0n : mark;
  const decode = {
    number: "number",
    amount: "bigint",
    paidAmount: "bigint",
    refundedAmount: "bigint",
    exportSeq: "bigint",
    fulfilledAt: "date",
    cancelledAt: "date",
    cancelRefusedAt: "date",
    createdAt: "date",
    updatedAt: "date",
  } as const;
  const rows = await sql.all<OrderRow>(ordersSql, [from, horizon], decode);
  let upTo = horizon;
  if (rows.length === QUERY_BATCH) {
    const last = rows.at(-1)!;
    rows.push(...(await sql.all<OrderRow>(tiesSql, [last.exportSeq, last.number], decode)));
    upTo = BigInt(last.exportSeq) + 1n;
  }
  for (const row of rows) row.number = Number(row.number);
  if (rows.length === 0) return { orders: [], upTo };
  const numbers = rows.map((row) => row.number);
  const marks = numbers.map(() => "?").join(", ");
  const items = await sql.all<{ orderNumber: number; sku: string; title: string; quantity: number; unitPrice: bigint }>(
    `SELECT "orderNumber", "sku", "title", "quantity", "unitPrice" FROM "OrderItem" WHERE "orderNumber" IN (${marks}) ORDER BY "orderNumber", "position"`,
    numbers,
    { orderNumber: "number", quantity: "number", unitPrice: "bigint" },
  );
  const ledger = await sql.all<{ id: number; orderNumber: number; kind: string; provider: string; reference: string; refundOf: string | null; amount: bigint; at: Date }>(
    `SELECT "id", "orderNumber", "kind", "provider", "reference", "refundOf", "amount", "at" FROM "LedgerEntry" WHERE "orderNumber" IN (${marks}) ORDER BY "id"`,
    numbers,
    { id: "number", orderNumber: "number", amount: "bigint", at: "date" },
  );
  const orders = rows.map((row): ExportOrder => {
    const own = ledger.filter((entry) => Number(entry.orderNumber) === row.number);
    // Only online payments go out as payment documents: 1C's own money is already in 1C.
    const payments: ExportPayment[] = own
      .filter((entry) => entry.kind === "payment" && entry.provider !== PROVIDER_1C)
      .map((entry) => ({
        ledgerId: Number(entry.id),
        provider: entry.provider,
        reference: entry.reference,
        amount: BigInt(entry.amount),
        refunded: own
          .filter((refund) => refund.kind === "refund" && refund.provider === entry.provider && refund.refundOf === entry.reference)
          .reduce((total, refund) => total + BigInt(refund.amount), 0n),
        at: new Date(entry.at),
      }));
    return {
      id: row.id,
      number: row.number,
      createdAt: new Date(row.createdAt),
      statusChangedAt: new Date(row.updatedAt),
      amount: BigInt(row.amount),
      paidAmount: BigInt(row.paidAmount),
      refundedAmount: BigInt(row.refundedAmount),
      status: row.status,
      cancelled: row.cancelledAt !== null,
      cancelRefused: row.cancelRefusedAt !== null,
      fulfilled: row.fulfilledAt !== null,
      customer: { name: row.customerName, phone: row.customerPhone, email: row.customerEmail },
      customerKey: customerKey(row),
      items: items
        .filter((item) => Number(item.orderNumber) === row.number)
        .map((item) => ({ sku: item.sku, title: item.title, quantity: Number(item.quantity), unitPrice: BigInt(item.unitPrice) })),
      delivery: null,
      payments,
    };
  });
  return { orders, upTo };
}
