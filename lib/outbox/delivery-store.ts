import type { SqlDatabase, SqlExecutor } from "../db/sql";
import { DELIVERY_WINDOW_MS } from "./backoff";

/**
 * The outbox delivery tables (`OutboxDelivery`, `OutboxAttempt`), in SQL both databases read.
 * The dispatcher never writes `OutboxEvent` (only the settlement core does): an event's delivery
 * state is the state of its `OutboxDelivery` rows, one per target. Times are ms since the epoch.
 */

/** A delivery's state. `skipped`: nothing to deliver (no target when fanned out, or its webhook endpoint was removed). */
export type DeliveryState = "pending" | "delivered" | "failed" | "skipped";

/** An event not fanned out yet, with what its targets depend on. */
export type UnfannedEvent = { id: number; type: string; orderNumber: number; createdAt: Date; customerEmail: string | null; customerPhone: string | null };

const unfannedSql = `SELECT e."id", e."type", e."orderNumber", e."createdAt", o."customerEmail", o."customerPhone"
  FROM "OutboxEvent" e JOIN "Order" o ON o."number" = e."orderNumber"
  WHERE e."id" > ? AND NOT EXISTS (SELECT 1 FROM "OutboxDelivery" d WHERE d."eventId" = e."id")
  ORDER BY e."id" LIMIT ?`;

/** Events after `afterId` that have no delivery row yet, oldest first. */
export function listUnfannedEvents(sql: SqlExecutor, afterId: number, limit: number): Promise<UnfannedEvent[]> {
  return sql.all<UnfannedEvent>(unfannedSql, [afterId, limit]);
}

/**
 * The highest event id above `afterId` written before `beforeMs` (`afterId` when none): the
 * fan-out's safe mark once everything up to it is fanned out. Reads only the ids past `afterId`.
 */
export async function settledEventMark(sql: SqlExecutor, afterId: number, beforeMs: number): Promise<number> {
  const row = await sql.get<{ mark: number | null }>(`SELECT MAX("id") AS "mark" FROM "OutboxEvent" WHERE "id" > ? AND "createdAt" < ?`, [afterId, new Date(beforeMs)], { mark: "number" });
  return row?.mark ?? afterId;
}

const insertDeliverySql = `INSERT INTO "OutboxDelivery" ("eventId", "target", "endpointId", "state", "attempts", "nextAttemptAt", "giveUpAt", "createdAt")
  VALUES (?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT ("eventId", "target") DO NOTHING`;

export type NewDelivery = { target: string; endpointId: number | null };

/** One event and the targets it fans out to (`fanOutEvents`). */
export type FanOut = { event: Pick<UnfannedEvent, "id" | "createdAt">; targets: readonly NewDelivery[] };

/**
 * Writes the delivery rows of several events in one transaction (a dispatcher's round: one
 * commit, not one per event, on the writer payments share). Another instance fanning out the
 * same event writes nothing twice (unique on event and target). No target: one `none` row,
 * `skipped`. Retries end 72 hours after the event.
 */
export async function fanOutEvents(sql: SqlDatabase, items: readonly FanOut[], nowMs: number): Promise<void> {
  if (items.length === 0) return;
  const createdAt = new Date(nowMs);
  await sql.transaction(async (tx) => {
    for (const { event, targets } of items) {
      const giveUpAt = BigInt(event.createdAt.getTime() + DELIVERY_WINDOW_MS);
      if (targets.length === 0) {
        await tx.run(insertDeliverySql, [event.id, "none", null, "skipped", BigInt(nowMs), giveUpAt, createdAt]);
        continue;
      }
      for (const target of targets) await tx.run(insertDeliverySql, [event.id, target.target, target.endpointId, "pending", BigInt(nowMs), giveUpAt, createdAt]);
    }
  });
}

/** One event's delivery rows (`fanOutEvents` with one item). */
export function fanOutEvent(sql: SqlDatabase, event: Pick<UnfannedEvent, "id" | "createdAt">, targets: readonly NewDelivery[], nowMs: number): Promise<void> {
  return fanOutEvents(sql, [{ event, targets }], nowMs);
}

/** A claimed delivery with its event, its order's language and contacts, and its endpoint (webhooks). */
export type ClaimedDelivery = {
  id: number;
  eventId: number;
  target: string;
  endpointId: number | null;
  attempts: number;
  giveUpAt: bigint;
  leaseToken: string;
  type: string;
  orderNumber: number;
  payload: string;
  eventCreatedAt: Date;
  lang: string;
  currency: string;
  customerEmail: string | null;
  customerPhone: string | null;
  endpointUrl: string | null;
  endpointSecret: string | null;
  endpointEnabled: boolean | null;
};

const dueCondition = `"state" = 'pending' AND "nextAttemptAt" <= ? AND ("leaseUntil" IS NULL OR "leaseUntil" < ?)`;
/**
 * One statement claims up to N due rows: the inner SELECT skips rows another dispatcher has
 * locked (PostgreSQL), and the outer WHERE re-checks the lease, so a row is claimed by one
 * dispatcher only (SQLite runs writes one at a time: the conditional UPDATE is the claim).
 */
const claimSql = (kind: "sqlite" | "postgresql") => `UPDATE "OutboxDelivery" SET "leaseUntil" = ?, "leaseToken" = ?
  WHERE "id" IN (SELECT "id" FROM "OutboxDelivery" WHERE ${dueCondition} ORDER BY "nextAttemptAt", "id" LIMIT ?${kind === "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""})
    AND ${dueCondition}
  RETURNING "id"`;
const claimSqlByKind = { sqlite: claimSql("sqlite"), postgresql: claimSql("postgresql") };

const claimedColumns = `d."id", d."eventId", d."target", d."endpointId", d."attempts", d."giveUpAt", d."leaseToken",
  e."type", e."orderNumber", e."payload", e."createdAt" AS "eventCreatedAt", o."lang", o."currency", o."customerEmail", o."customerPhone",
  w."url" AS "endpointUrl", w."secret" AS "endpointSecret", w."enabled" AS "endpointEnabled"
  FROM "OutboxDelivery" d JOIN "OutboxEvent" e ON e."id" = d."eventId" JOIN "Order" o ON o."number" = e."orderNumber"
  LEFT JOIN "WebhookEndpoint" w ON w."id" = d."endpointId"`;

/**
 * Claims up to `limit` due deliveries for `leaseMs` under `token` (random per claim). A claim
 * whose lease runs out (the instance crashed, or hangs) is due again for any dispatcher.
 */
export async function claimDueDeliveries(sql: SqlDatabase, input: { nowMs: number; leaseMs: number; limit: number; token: string }): Promise<ClaimedDelivery[]> {
  const now = BigInt(input.nowMs);
  const claimed = await sql.all<{ id: number }>(claimSqlByKind[sql.kind], [BigInt(input.nowMs + input.leaseMs), input.token, now, now, input.limit, now, now]);
  if (claimed.length === 0) return [];
  const ids = claimed.map((row) => row.id);
  return sql.all<ClaimedDelivery>(`SELECT ${claimedColumns} WHERE d."id" IN (${ids.map(() => "?").join(", ")}) AND d."leaseToken" = ? ORDER BY d."id"`, [...ids, input.token]);
}

const insertAttemptSql = `INSERT INTO "OutboxAttempt" ("deliveryId", "at", "outcome", "httpStatus", "error", "durationMs") VALUES (?, ?, ?, ?, ?, ?)`;

export type AttemptRecord = {
  outcome: "delivered" | "failed" | "skipped";
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  /** For a failure: pending again at `nextAttemptAt`, or failed for good. */
  next?: { state: "pending" | "failed"; nextAttemptAt: number };
};

/** One finished attempt to record: the claimed delivery (`token`: its lease), when it ended (ms since the epoch), what came of it. */
export type AttemptToRecord = { delivery: { id: number; token: string }; nowMs: number; attempt: AttemptRecord };

/**
 * Records attempts in the delivery log and their outcomes on the deliveries, in one transaction
 * (a dispatcher's batch: one commit). Each row changes only if its claim still holds (`token`): a
 * claim retaken after its lease ran out leaves the row to its new holder. Returns each delivery's
 * new state in the order given, or null where the claim was lost.
 */
export async function recordAttempts(sql: SqlDatabase, items: readonly AttemptToRecord[]): Promise<(DeliveryState | null)[]> {
  if (items.length === 0) return [];
  return sql.transaction(async (tx) => {
    const states: (DeliveryState | null)[] = [];
    for (const { delivery, nowMs, attempt } of items) {
      const at = new Date(nowMs);
      if (attempt.outcome !== "skipped") await tx.run(insertAttemptSql, [delivery.id, at, attempt.outcome, attempt.httpStatus, attempt.error, Math.max(0, Math.round(attempt.durationMs))]);
      const state: DeliveryState = attempt.outcome === "failed" ? (attempt.next?.state ?? "failed") : attempt.outcome;
      const changed = await tx.run(
        `UPDATE "OutboxDelivery" SET "state" = ?, "attempts" = "attempts" + ?, "nextAttemptAt" = ?, "lastError" = ?, "deliveredAt" = ?, "leaseUntil" = NULL, "leaseToken" = NULL
          WHERE "id" = ? AND "leaseToken" = ?`,
        [
          state,
          attempt.outcome === "skipped" ? 0 : 1,
          BigInt(attempt.next?.nextAttemptAt ?? nowMs),
          attempt.error,
          attempt.outcome === "delivered" ? at : null,
          delivery.id,
          delivery.token,
        ],
      );
      states.push(changed.changes === 1 ? state : null);
    }
    return states;
  });
}

/** One attempt's record (`recordAttempts` with one item); the delivery's new state, or null when the claim was lost. */
export async function recordAttempt(sql: SqlDatabase, delivery: { id: number; token: string }, nowMs: number, attempt: AttemptRecord): Promise<DeliveryState | null> {
  const [state] = await recordAttempts(sql, [{ delivery, nowMs, attempt }]);
  return state ?? null;
}

export type ResendOutcome = { ok: true } | { ok: false; reason: "not_found" | "in_flight" | "nothing_to_send" };

/**
 * The admin's "resend": the delivery is due now again, with a new 72-hour window — unless a
 * dispatcher holds it this moment, or it has nothing to send (`none`, a removed endpoint).
 */
export async function resendDelivery(sql: SqlDatabase, deliveryId: number, nowMs: number): Promise<ResendOutcome> {
  const now = BigInt(nowMs);
  const changed = await sql.run(
    `UPDATE "OutboxDelivery" SET "state" = 'pending', "nextAttemptAt" = ?, "giveUpAt" = ?, "lastError" = NULL
      WHERE "id" = ? AND "state" <> 'skipped' AND ("leaseUntil" IS NULL OR "leaseUntil" < ?)`,
    [now, now + BigInt(DELIVERY_WINDOW_MS), deliveryId, now],
  );
  if (changed.changes === 1) return { ok: true };
  const row = await sql.get<{ state: string }>(`SELECT "state" FROM "OutboxDelivery" WHERE "id" = ?`, [deliveryId]);
  if (!row) return { ok: false, reason: "not_found" };
  return { ok: false, reason: row.state === "skipped" ? "nothing_to_send" : "in_flight" };
}

/** The outbox's backlog (for health and metrics): deliveries waiting, due now, failed for good; the oldest waiting one's next attempt. */
export type OutboxBacklog = { pending: number; due: number; failed: number; oldestPendingSince: Date | null };

/** Counts the outbox backlog (one query; cheap on the state index). */
export async function outboxBacklog(sql: SqlExecutor, nowMs: number = Date.now()): Promise<OutboxBacklog> {
  const row = await sql.get<{ pending: number; due: number; failed: number; oldest: Date | null }>(
    `SELECT COALESCE(SUM(CASE WHEN "state" = 'pending' THEN 1 ELSE 0 END), 0) AS "pending",
            COALESCE(SUM(CASE WHEN "state" = 'pending' AND "nextAttemptAt" <= ? THEN 1 ELSE 0 END), 0) AS "due",
            COALESCE(SUM(CASE WHEN "state" = 'failed' THEN 1 ELSE 0 END), 0) AS "failed",
            MIN(CASE WHEN "state" = 'pending' THEN "createdAt" END) AS "oldest"
       FROM "OutboxDelivery" WHERE "state" IN ('pending', 'failed')`,
    [BigInt(nowMs)],
    { pending: "number", due: "number", failed: "number", oldest: "date" },
  );
  return { pending: row?.pending ?? 0, due: row?.due ?? 0, failed: row?.failed ?? 0, oldestPendingSince: row?.oldest ?? null };
}

/** The latest payment's provider of an order (a buyer message says "paid by 1C" when it is `1c`). */
export async function lastPaymentProvider(sql: SqlExecutor, orderNumber: number): Promise<string | null> {
  const row = await sql.get<{ provider: string }>(`SELECT "provider" FROM "LedgerEntry" WHERE "orderNumber" = ? AND "kind" = 'payment' ORDER BY "id" DESC LIMIT 1`, [orderNumber]);
  return row?.provider ?? null;
}
