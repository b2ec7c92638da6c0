import type { SqlExecutor } from "../db/sql";
import type { DeliveryState } from "./delivery-store";

/** One delivery as the admin's delivery log shows it. Times: `nextAttemptAt` ms since the epoch. */
export type DeliveryLogRow = {
  id: number;
  eventId: number;
  eventType: string;
  orderNumber: number;
  target: string;
  endpointUrl: string | null;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: bigint;
  deliveredAt: Date | null;
  lastError: string | null;
  createdAt: Date;
};

export const DELIVERY_LOG_PAGE_SIZE = 50;

/** The delivery log, newest first, a page at a time (targets `none` left out: nothing was sent). */
export async function listDeliveries(sql: SqlExecutor, options: { page: number }): Promise<{ rows: DeliveryLogRow[]; total: number; pageSize: number }> {
  const page = Math.max(1, Math.floor(options.page));
  const rows = await sql.all<DeliveryLogRow>(
    `SELECT d."id", d."eventId", e."type" AS "eventType", e."orderNumber", d."target", w."url" AS "endpointUrl", d."state", d."attempts",
            d."nextAttemptAt", d."deliveredAt", d."lastError", d."createdAt"
       FROM "OutboxDelivery" d JOIN "OutboxEvent" e ON e."id" = d."eventId" LEFT JOIN "WebhookEndpoint" w ON w."id" = d."endpointId"
      WHERE d."target" <> 'none' ORDER BY d."id" DESC LIMIT ? OFFSET ?`,
    [DELIVERY_LOG_PAGE_SIZE, (page - 1) * DELIVERY_LOG_PAGE_SIZE],
  );
  const count = await sql.get<{ total: number }>(`SELECT COUNT(*) AS "total" FROM "OutboxDelivery" WHERE "target" <> 'none'`, [], { total: "number" });
  return { rows, total: count?.total ?? 0, pageSize: DELIVERY_LOG_PAGE_SIZE };
}

/** An outbox event's delivery state, summed over its targets (the admin's order page). */
export type EventDeliveryState =
  | { state: "queued" }
  | { state: "delivered"; at: Date | null }
  | { state: "pending"; nextAttemptAt: Date }
  | { state: "failed" }
  | { state: "skipped" };

/**
 * One event's state from its deliveries: queued (not fanned out yet), failed (a target given
 * up), pending (the earliest next attempt), delivered (every target that had something to send,
 * at the last one), skipped (nothing to deliver).
 */
export function eventDeliveryState(deliveries: readonly { state: string; nextAttemptAt: bigint; deliveredAt: Date | null }[]): EventDeliveryState {
  if (deliveries.length === 0) return { state: "queued" };
  if (deliveries.some((delivery) => delivery.state === "failed")) return { state: "failed" };
  const pending = deliveries.filter((delivery) => delivery.state === "pending");
  if (pending.length > 0) return { state: "pending", nextAttemptAt: new Date(Number(pending.reduce((min, d) => (d.nextAttemptAt < min ? d.nextAttemptAt : min), pending[0]!.nextAttemptAt))) };
  const delivered = deliveries.filter((delivery) => delivery.state === "delivered");
  if (delivered.length === 0) return { state: "skipped" };
  const last = delivered.reduce<Date | null>((latest, d) => (d.deliveredAt && (!latest || d.deliveredAt > latest) ? d.deliveredAt : latest), null);
  return { state: "delivered", at: last };
}
