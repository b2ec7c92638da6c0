/**
 * The outbox's event types (DESIGN.md "Events"). Events are written only by the settlement core
 * (settlement.ts), in the transaction that made the change, exactly once per dedupe key.
 */
export type DomainEventType = "payment.received" | "refund.recorded" | "order.paid" | "order.refunded" | "order.cancelled";
