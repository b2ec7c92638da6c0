import type { SqlExecutor } from "../db/sql";
import { emitEvent } from "./outbox";
import { refreshOrderStatus } from "./refresh-order-status";
import type { OrderStatus } from "./order-status";

export type LedgerProvider = "payme" | "click" | "robokassa" | "1c";

export type LedgerEntryInput = {
  orderNumber: number;
  kind: "payment" | "refund";
  provider: LedgerProvider;
  /** The provider's id of the payment (Payme transaction id, Click click_trans_id, 1C document…). */
  reference: string;
  amount: bigint;
  at?: Date;
};

export type LedgerResult = { recorded: boolean; status: OrderStatus };

/**
 * Records a payment or refund exactly once: a second report of the same (kind, provider,
 * reference) changes nothing. Updates the order's sums, writes `payment.received` /
 * `refund.recorded` and re-derives the status (with its own events), all in the caller's
 * transaction. The caller must hold the order's lock (`lockOrder`), which makes the existence
 * check sound under concurrent duplicates; the unique index stays as the last guard.
 */
export async function recordLedgerEntry(tx: SqlExecutor, entry: LedgerEntryInput, nowMs = Date.now()): Promise<LedgerResult> {
  if (entry.amount <= 0n) throw new RangeError("a ledger entry's amount must be positive");
  const existing = await tx.get(
    `SELECT "id" FROM "LedgerEntry" WHERE "kind" = ? AND "provider" = ? AND "reference" = ?`,
    [entry.kind, entry.provider, entry.reference],
  );
  if (existing) return { recorded: false, status: await refreshOrderStatus(tx, entry.orderNumber, nowMs) };

  const at = entry.at ?? new Date(nowMs);
  await tx.run(
    `INSERT INTO "LedgerEntry" ("orderNumber", "kind", "provider", "reference", "amount", "at") VALUES (?, ?, ?, ?, ?, ?)`,
    [entry.orderNumber, entry.kind, entry.provider, entry.reference, entry.amount, at],
  );
  await tx.run(
    entry.kind === "payment"
      ? `UPDATE "Order" SET "paidAmount" = "paidAmount" + ? WHERE "number" = ?`
      : `UPDATE "Order" SET "refundedAmount" = "refundedAmount" + ? WHERE "number" = ?`,
    [entry.amount, entry.orderNumber],
  );
  const type = entry.kind === "payment" ? "payment.received" : "refund.recorded";
  await emitEvent(tx, {
    type,
    orderNumber: entry.orderNumber,
    dedupeKey: `${type}:${entry.provider}:${entry.reference}`,
    payload: {
      orderNumber: entry.orderNumber,
      provider: entry.provider,
      reference: entry.reference,
      amount: entry.amount,
      at: at.toISOString(),
    },
  });
  return { recorded: true, status: await refreshOrderStatus(tx, entry.orderNumber, nowMs) };
}
