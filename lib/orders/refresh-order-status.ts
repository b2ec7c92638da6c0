import type { DbTransaction } from "../db";
import { deriveOrderStatus, type OrderStatus } from "./order-status";
import { emitEvent } from "./outbox";

const statusEvents: Partial<Record<OrderStatus, "order.paid" | "order.refunded" | "order.cancelled">> = {
  paid: "order.paid",
  refunded: "order.refunded",
  cancelled: "order.cancelled",
};

/**
 * Re-derives the stored status from the ledger sums, the reservation and cancellation, and
 * emits `order.paid` / `order.refunded` / `order.cancelled` the first time the order gets there.
 * Call inside the transaction that changed the order, after `lockOrder`.
 */
export async function refreshOrderStatus(
  tx: DbTransaction,
  orderNumber: number,
  nowMs: number = Date.now(),
): Promise<OrderStatus> {
  const order = await tx.order.findUniqueOrThrow({
    where: { number: orderNumber },
    select: {
      amount: true,
      paidAmount: true,
      refundedAmount: true,
      cancelledAt: true,
      status: true,
      reservation: { select: { held: true, expiresAt: true } },
    },
  });
  const status = deriveOrderStatus(order, nowMs);
  if (status !== order.status) {
    await tx.order.update({ where: { number: orderNumber }, data: { status } });
  }
  const eventType = statusEvents[status];
  if (eventType) {
    await emitEvent(tx, {
      type: eventType,
      orderNumber,
      dedupeKey: `${eventType}:${orderNumber}`,
      payload: {
        orderNumber,
        status,
        amount: order.amount,
        paidAmount: order.paidAmount,
        refundedAmount: order.refundedAmount,
      },
    });
  }
  return status;
}
