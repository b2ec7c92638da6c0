import type { Db } from "../../db";
import { deriveOrderStatus, isReservationActive, outstandingAmount, overpaidAmount } from "../../orders/order-status";

import { HOLD_LAPSE_MS } from "../../orders/settlement";
import { eventDeliveryState } from "../../outbox/delivery-log";
import { canRefundPartially } from "../provider-actions";

/** The store's one hold lapse, defined by the settlement core. */
export { HOLD_LAPSE_MS };

function loadOrder(db: Db, number: number) {
  return db.order.findUnique({
    where: { number },
    include: {
      items: { orderBy: { position: "asc" } },
      ledger: { orderBy: { id: "asc" } },
      reservation: true,
      events: { orderBy: { id: "asc" }, include: { deliveries: { select: { state: true, nextAttemptAt: true, deliveredAt: true } } } },
    },
  });
}

export async function getAdminOrder(db: Db, number: number, nowMs: number = Date.now()) {
  const order = await loadOrder(db, number);
  if (!order) return null;
  const status = deriveOrderStatus(order, nowMs);
  // What is refunded of each payment: its refunds name it in `refundOf` (the provider's refund id, or `hand:…`, is their own reference).
  const refundedOf = new Map<string, { sum: bigint; count: number }>();
  for (const entry of order.ledger) {
    if (entry.kind !== "refund") continue;
    const key = `${entry.provider}:${entry.refundOf ?? entry.reference}`;
    const known = refundedOf.get(key) ?? { sum: 0n, count: 0 };
    refundedOf.set(key, { sum: known.sum + entry.amount, count: known.count + 1 });
  }
  const reservation = order.reservation && isReservationActive(order.reservation, nowMs) ? order.reservation : null;
  const events = order.events.map((event) => ({ ...event, delivery: eventDeliveryState(event.deliveries) }));
  const holdLapsesAt = reservation?.held ? new Date(reservation.createdAt.getTime() + HOLD_LAPSE_MS) : null;
  return {
    number: order.number,
    id: order.id,
    status,
    createdAt: order.createdAt,
    amount: order.amount,
    paidAmount: order.paidAmount,
    refundedAmount: order.refundedAmount,
    outstanding: outstandingAmount(order) > 0n ? outstandingAmount(order) : 0n,
    overpaid: overpaidAmount(order),
    fulfilledAt: order.fulfilledAt,
    cancelledAt: order.cancelledAt,
    cancelledBy: order.cancelledBy,
    customer: { phone: order.customerPhone, email: order.customerEmail, name: order.customerName },
    lang: order.lang,
    /** Created by the Payme tester (hidden from the order list unless asked for). */
    isTest: order.isTest,
    items: order.items.map((item) => ({
      sku: item.sku,
      title: item.title,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      total: item.unitPrice * BigInt(item.quantity),
      code: item.code,
    })),
    ledger: order.ledger.map((entry) => {
      const of = entry.kind === "payment" ? refundedOf.get(`${entry.provider}:${entry.reference}`) : undefined;
      const refundedSum = of?.sum ?? 0n;
      return {
        id: entry.id,
        kind: entry.kind,
        provider: entry.provider,
        reference: entry.reference,
        amount: entry.amount,
        at: entry.at,
        refundApprovedAt: entry.refundApprovedAt,
        refundOf: entry.refundOf,
        /** A payment: refunded in full. */
        refunded: entry.kind === "payment" && refundedSum >= entry.amount,
        /** A payment: tiyin refunded of it so far, and by how many refunds. */
        refundedSum,
        refundCount: of?.count ?? 0,
        /** Tiyin of the payment not refunded yet (0 for a refund). */
        refundable: entry.kind === "payment" ? entry.amount - refundedSum : 0n,
        /** The admin may refund part of it (the provider's `partialRefunds`). */
        partialRefund: entry.kind === "payment" && canRefundPartially(entry.provider),
        /** A payment its provider refused or cannot refund: the merchant refunds it by hand. */
        refundByHand: entry.refundByHandAt ? { at: entry.refundByHandAt, reason: entry.refundByHandReason ?? "" } : null,
      };
    }),
    /** Who holds the order now, and until when (null: nobody). */
    holder: reservation && {
      provider: reservation.provider,
      kind: reservation.kind,
      reference: reservation.reference,
      held: reservation.held,
      since: reservation.createdAt,
      until: reservation.held ? holdLapsesAt : reservation.expiresAt === null ? null : new Date(Number(reservation.expiresAt)),
    },
    /** Each outbox event with its delivery state over its targets (lib/outbox). */
    events: events.map(({ id, type, createdAt, delivery }) => ({ id, type, createdAt, delivery })),
    exchange1c: {
      paymentsFrom1c: order.ledger.filter((entry) => entry.provider === "1c").length,
      eventsDelivered: events.filter((event) => event.delivery.state === "delivered" || event.delivery.state === "skipped").length,
      eventsTotal: order.events.length,
    },
    can: {
      // Only a paid order (or one partly refunded, e.g. an item returned) is shipped: not one
      // awaiting the rest of its money, held, refunded or cancelled.
      fulfil: order.fulfilledAt === null && order.cancelledAt === null && (status === "paid" || status === "partially_refunded"),
    },
  };
}
export type AdminOrder = NonNullable<Awaited<ReturnType<typeof getAdminOrder>>>;
