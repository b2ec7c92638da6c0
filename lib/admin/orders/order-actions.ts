import type { SqlDatabase } from "../../db/sql";
import { settleOrder, type Holder } from "../../orders/settlement";
// Loading the registry registers every provider's lapse rule with the settlement core: Next's
// bundle of the admin actions must have them before `cancelOrder` settles (DESIGN.md "Reservation").
import "../../payments/registry";

export type { Holder };

/**
 * The admin's own changes to an order. Each runs in one settlement (lib/orders/settlement.ts):
 * one database transaction under the order's lock, like every provider callback, so they
 * serialize with them.
 */
export type OrderActionOutcome<T extends object = object> =
  | ({ ok: true; changed: boolean } & T)
  | { ok: false; reason: "not_found" | "cancelled" | "not_paid" | "not_a_payment" | "already_refunded" }
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
 * first). Every provider's lapse rule runs first, as on every touch (Payme: expired transactions
 * are cancelled with reason 4).
 */
export async function cancelOrder(sql: SqlDatabase, orderNumber: number, now: Date = new Date()): Promise<OrderActionOutcome> {
  return settleOrder(sql, orderNumber, async (order) => order.cancel("admin"), { now: () => now.getTime() });
}
