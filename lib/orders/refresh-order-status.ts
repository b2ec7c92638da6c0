import type { SqlExecutor } from "../db/sql";
import { deriveOrderStatus, type OrderStatus } from "./order-status";
import { emitEvent } from "./outbox";

const statusEvents: Partial<Record<OrderStatus, "order.paid" | "order.refunded" | "order.cancelled">> = {
  paid: "order.paid",
  refunded: "order.refunded",
  cancelled: "order.cancelled",
};

type OrderMoneyRow = {
  amount: bigint;
  paidAmount: bigint;
  refundedAmount: bigint;
  cancelledAt: string | Date | null;
  status: string;
  held: boolean | number | null;
  expiresAt: bigint | null;
  reserved: number | null;
};

/** The order's money, cancellation and reservation, as the state model needs them. */
export async function readOrderState(tx: SqlExecutor, orderNumber: number) {
  const row = await tx.get<OrderMoneyRow>(
    `SELECT o."amount", o."paidAmount", o."refundedAmount", o."cancelledAt", o."status",
            r."held", r."expiresAt", r."orderNumber" AS "reserved"
       FROM "Order" o LEFT JOIN "Reservation" r ON r."orderNumber" = o."number"
      WHERE o."number" = ?`,
    [orderNumber],
  );
  if (!row) return undefined;
  return {
    amount: row.amount,
    paidAmount: row.paidAmount,
    refundedAmount: row.refundedAmount,
    cancelledAt: row.cancelledAt ? new Date(row.cancelledAt) : null,
    status: row.status,
    reservation: row.reserved === null ? null : { held: Boolean(row.held), expiresAt: row.expiresAt },
  };
}

/**
 * Re-derives the stored status from the ledger sums, the reservation and cancellation, and
 * emits `order.paid` / `order.refunded` / `order.cancelled` the first time the order gets there.
 * Call inside the transaction that changed the order, after `lockOrder`.
 */
export async function refreshOrderStatus(
  tx: SqlExecutor,
  orderNumber: number,
  nowMs: number = Date.now(),
): Promise<OrderStatus> {
  const order = await readOrderState(tx, orderNumber);
  if (!order) throw new Error(`order ${orderNumber} does not exist`);
  const status = deriveOrderStatus(order, nowMs);
  if (status !== order.status) {
    await tx.run(`UPDATE "Order" SET "status" = ? WHERE "number" = ?`, [status, orderNumber]);
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
