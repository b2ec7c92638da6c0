import type { SqlDatabase } from "../../db/sql";
import { settleOrder, type Holder, type LedgerPayment } from "../../orders/settlement";
// Registers Payme's lapse rule with the settlement core (until the provider registry does).
import "../../payments/payme/merchant-api/transactions";

export type { Holder };

/**
 * The admin's own changes to an order. Each runs in one settlement (lib/orders/settlement.ts):
 * one database transaction under the order's lock, like every provider callback, so they
 * serialize with them.
 */
export type OrderActionOutcome<T extends object = object> =
  | ({ ok: true; changed: boolean } & T)
  | { ok: false; reason: "not_found" | "cancelled" | "not_paid" | "not_a_payment" | "already_refunded" | "not_flagged" | "exceeds_paid" }
  | { ok: false; reason: "reserved"; holder: Holder }
  | { ok: false; reason: "paid"; paidNet: bigint };

/**
 * "Mark fulfilled": from now on a provider's refund of this order's payments is refused (Payme
 * -31007) unless the merchant approves it here first.
 */
export async function markFulfilled(sql: SqlDatabase, orderNumber: number, now: Date = new Date()): Promise<OrderActionOutcome> {
  return settleOrder(sql, orderNumber, async (order) => order.markFulfilled(now), { now: () => now.getTime(), lapse: false });
}

/** Approves the refund of one payment of the order (its provider's refund callback is then accepted). */
export async function approveRefund(
  sql: SqlDatabase,
  orderNumber: number,
  ledgerId: number,
  now: Date = new Date(),
): Promise<OrderActionOutcome<{ provider: string; reference: string; amount: bigint }>> {
  return settleOrder(sql, orderNumber, (order) => order.approveRefund({ ledgerId }, now), { now: () => now.getTime(), lapse: false });
}

/**
 * Cancels the order — only when nothing reserves it and nothing paid stays unrefunded (refund
 * first). Expired Payme transactions are cancelled (reason 4) first, as every touch does.
 */
export async function cancelOrder(sql: SqlDatabase, orderNumber: number, now: Date = new Date()): Promise<OrderActionOutcome> {
  return settleOrder(sql, orderNumber, async (order) => order.cancel("admin"), { now: () => now.getTime() });
}

/**
 * Flags one payment "refund by hand" (its provider refused or cannot refund it; DESIGN.md
 * "Refunds started elsewhere"). `reason` is a short machine word kept with the payment.
 */
export async function flagRefundByHand(
  sql: SqlDatabase,
  orderNumber: number,
  payment: { ledgerId: number } | { provider: string; reference: string },
  reason: string,
  now: Date = new Date(),
): Promise<OrderActionOutcome<{ payment: LedgerPayment }>> {
  return settleOrder(sql, orderNumber, (order) => order.flagRefundByHand(payment, reason, now), { now: () => now.getTime(), lapse: false });
}

/**
 * The merchant returned `amount` tiyin of a flagged payment by hand: a ledger refund of that
 * payment (the order becomes refunded or partially refunded). `seenRefunds`: how many refunds of
 * the payment the admin's page showed — it makes the refund's reference, so a repeated submit of
 * one form records one refund. Refused above what is left of the payment or of the order.
 */
export async function recordRefundByHand(
  sql: SqlDatabase,
  input: { orderNumber: number; ledgerId: number; amount: bigint; seenRefunds: number },
  now: Date = new Date(),
): Promise<OrderActionOutcome<{ payment: LedgerPayment }>> {
  const reference = `hand:${input.ledgerId}:${input.seenRefunds}`;
  const outcome = await settleOrder(
    sql,
    input.orderNumber,
    (order) => order.recordRefundByHand({ payment: { ledgerId: input.ledgerId }, amount: input.amount, reference, at: now }),
    { now: () => now.getTime(), lapse: false },
  );
  return outcome.ok ? { ok: true, changed: outcome.recorded, payment: outcome.payment } : outcome;
}
