import type { SqlExecutor } from "../db/sql";

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
  tx: SqlExecutor,
  event: { type: DomainEventType; orderNumber: number; dedupeKey: string; payload: Record<string, unknown> },
): Promise<boolean> {
  const existing = await tx.get(`SELECT "id" FROM "OutboxEvent" WHERE "dedupeKey" = ?`, [event.dedupeKey]);
  if (existing) return false;
  const payload = JSON.stringify(event.payload, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
  await tx.run(
    `INSERT INTO "OutboxEvent" ("type", "orderNumber", "dedupeKey", "payload", "createdAt") VALUES (?, ?, ?, ?, ?)`,
    [event.type, event.orderNumber, event.dedupeKey, payload, new Date()],
  );
  return true;
}
