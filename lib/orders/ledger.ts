import type { DbTransaction } from "../db";
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
 * transaction. The caller must hold the order's lock (`lockOrder`).
 */
export async function recordLedgerEntry(tx: DbTransaction, entry: LedgerEntryInput): Promise<LedgerResult> {
  if (entry.amount <= 0n) throw new RangeError("a ledger entry's amount must be positive");
  const existing = await tx.ledgerEntry.findUnique({
    where: { kind_provider_reference: { kind: entry.kind, provider: entry.provider, reference: entry.reference } },
    select: { id: true },
  });
  if (existing) {
    return { recorded: false, status: await refreshOrderStatus(tx, entry.orderNumber) };
  }
  const created = await tx.ledgerEntry.create({
    data: {
      orderNumber: entry.orderNumber,
      kind: entry.kind,
      provider: entry.provider,
      reference: entry.reference,
      amount: entry.amount,
      at: entry.at ?? new Date(),
    },
  });
  await tx.order.update({
    where: { number: entry.orderNumber },
    data:
      entry.kind === "payment"
        ? { paidAmount: { increment: entry.amount } }
        : { refundedAmount: { increment: entry.amount } },
  });
  const type = entry.kind === "payment" ? "payment.received" : "refund.recorded";
  await emitEvent(tx, {
    type,
    orderNumber: entry.orderNumber,
    dedupeKey: `${type}:${entry.provider}:${entry.reference}`,
    payload: {
      ledgerEntryId: created.id,
      orderNumber: entry.orderNumber,
      provider: entry.provider,
      reference: entry.reference,
      amount: entry.amount,
      at: created.at.toISOString(),
    },
  });
  return { recorded: true, status: await refreshOrderStatus(tx, entry.orderNumber) };
}
