/** DESIGN.md "Order and payment state": one model for every provider. */
export const orderStatuses = [
  "pending",
  "processing",
  "authorized",
  "partially_paid",
  "paid",
  "partially_refunded",
  "refunded",
  "cancelled",
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export type ReservationState = {
  held: boolean;
  /** ms since the epoch; null = does not lapse by time. */
  expiresAt: bigint | null;
};

export type OrderStateInput = {
  amount: bigint;
  paidAmount: bigint;
  refundedAmount: bigint;
  cancelledAt: Date | null;
  reservation: ReservationState | null;
};

/** A reservation counts while it is held or has not lapsed. */
export function isReservationActive(reservation: ReservationState | null, nowMs: number): boolean {
  if (!reservation) return false;
  if (reservation.held) return true;
  // Inclusive: a Payme transaction expires only once now − time > 12 h, i.e. after expiresAt.
  return reservation.expiresAt === null || reservation.expiresAt >= BigInt(nowMs);
}

/** Status, first match wins (DESIGN.md). */
export function deriveOrderStatus(order: OrderStateInput, nowMs: number): OrderStatus {
  if (order.cancelledAt) return "cancelled";
  // Refunds count against what was paid: an overpaid order whose excess is refunded stays paid.
  if (order.paidAmount > 0n && order.refundedAmount >= order.paidAmount) return "refunded";
  if (order.refundedAmount > 0n && order.paidAmount - order.refundedAmount < order.amount) return "partially_refunded";
  if (order.amount - order.paidAmount <= 0n) return "paid";
  if (isReservationActive(order.reservation, nowMs)) {
    return order.reservation!.held ? "authorized" : "processing";
  }
  if (order.paidAmount > 0n) return "partially_paid";
  return "pending";
}

export function outstandingAmount(order: { amount: bigint; paidAmount: bigint }): bigint {
  return order.amount - order.paidAmount;
}

/**
 * Overpayment = paid − refunded − amount when positive (money arrived twice: 1C and a provider,
 * or two hosted pages); the admin flags it for refund, and refunding it leaves the order paid.
 */
export function overpaidAmount(order: {
  amount: bigint;
  paidAmount: bigint;
  refundedAmount: bigint;
  cancelledAt?: Date | null;
}): bigint {
  // A cancelled order owes nothing: whatever it still holds is to be refunded.
  const owed = order.cancelledAt ? 0n : order.amount;
  const over = order.paidAmount - order.refundedAmount - owed;
  return over > 0n ? over : 0n;
}

export function isPayable(status: OrderStatus): boolean {
  return status === "pending" || status === "partially_paid";
}

/** Why an order cannot be paid, for 409 answers and the order page. */
export function notPayableReason(status: OrderStatus): string | undefined {
  switch (status) {
    case "pending":
    case "partially_paid":
      return undefined;
    case "processing":
      return "payment_in_progress";
    case "authorized":
      return "on_hold";
    case "paid":
      return "already_paid";
    case "partially_refunded":
    case "refunded":
      return "refunded";
    case "cancelled":
      return "cancelled";
  }
}
