import type { DbTransaction } from "../db";

export type DomainEventType =
  | "payment.received"
  | "refund.recorded"
  | "order.paid"
  | "order.refunded"
  | "order.cancelled";

/**
 * Adds an event to the durable outbox exactly once per `dedupeKey`. Call it inside the database
 * transaction that made the change, after `lockOrder`, so concurrent writers of one order are
 * serialized and the existence check is sound. Returns whether the event was new.
 */
export async function emitEvent(
  tx: DbTransaction,
  event: { type: DomainEventType; orderNumber: number; dedupeKey: string; payload: Record<string, unknown> },
): Promise<boolean> {
  const existing = await tx.outboxEvent.findUnique({ where: { dedupeKey: event.dedupeKey }, select: { id: true } });
  if (existing) return false;
  await tx.outboxEvent.create({
    data: {
      type: event.type,
      orderNumber: event.orderNumber,
      dedupeKey: event.dedupeKey,
      payload: JSON.stringify(event.payload, (_key, value) => (typeof value === "bigint" ? value.toString() : value)),
    },
  });
  return true;
}
