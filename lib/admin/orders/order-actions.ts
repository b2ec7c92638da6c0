import type { SqlDatabase } from "../../db/sql";
import { lockOrder } from "../../orders/order-lock";
import { refreshOrderStatus, readOrderState } from "../../orders/refresh-order-status";
import { activeReservation, type ReservationRow } from "../../orders/reservation";
import { cancelExpiredOfOrder } from "../../payments/payme/merchant-api/transactions";
import { toDate } from "../../db/sql-values";
import { HOLD_LAPSE_MS } from "./order-detail";

/**
 * The admin's own changes to an order. Each runs in one database transaction under the order's
 * lock (lib/orders/order-lock.ts), like every provider callback, so they serialize with them.
 */
export type OrderActionOutcome<T extends object = object> =
  | ({ ok: true; changed: boolean } & T)
  | { ok: false; reason: "not_found" | "cancelled" | "not_paid" | "not_a_payment" | "already_refunded" }
  | { ok: false; reason: "reserved"; holder: Holder }
  | { ok: false; reason: "paid"; paidNet: bigint };

export type Holder = { provider: string; kind: string; reference: string; held: boolean; until: Date | null };

function holderOf(row: ReservationRow & { createdAt?: unknown }): Holder {
  const created = toDate(row.createdAt);
  const until = row.held ? (created ? new Date(created.getTime() + HOLD_LAPSE_MS) : null) : row.expiresAt === null ? null : new Date(Number(row.expiresAt));
  return { provider: row.provider, kind: row.kind, reference: row.reference, held: row.held, until };
}

/**
 * "Mark fulfilled": from now on a provider's refund of this order's payments is refused (Payme
 * -31007) unless the merchant approves it here first.
 */
export async function markFulfilled(sql: SqlDatabase, orderNumber: number, now: Date = new Date()): Promise<OrderActionOutcome> {
  return sql.transaction(async (tx) => {
    if (!(await lockOrder(tx, orderNumber))) return { ok: false, reason: "not_found" } as const;
    const row = await tx.get<{ fulfilledAt: unknown; cancelledAt: unknown; paidAmount: bigint }>(
      `SELECT "fulfilledAt", "cancelledAt", "paidAmount" FROM "Order" WHERE "number" = ?`,
      [orderNumber],
    );
    if (row!.cancelledAt) return { ok: false, reason: "cancelled" } as const;
    if (row!.fulfilledAt) return { ok: true, changed: false } as const;
    if (BigInt(row!.paidAmount) <= 0n) return { ok: false, reason: "not_paid" } as const;
    await tx.run(`UPDATE "Order" SET "fulfilledAt" = ? WHERE "number" = ?`, [now, orderNumber]);
    return { ok: true, changed: true } as const;
  });
}

/** Approves the refund of one payment of the order (its provider's refund callback is then accepted). */
export async function approveRefund(
  sql: SqlDatabase,
  orderNumber: number,
  ledgerId: number,
  now: Date = new Date(),
): Promise<OrderActionOutcome<{ provider: string; reference: string; amount: bigint }>> {
  return sql.transaction(async (tx) => {
    if (!(await lockOrder(tx, orderNumber))) return { ok: false, reason: "not_found" } as const;
    const entry = await tx.get<{ kind: string; provider: string; reference: string; amount: bigint; refundApprovedAt: unknown }>(
      `SELECT "kind", "provider", "reference", "amount", "refundApprovedAt" FROM "LedgerEntry" WHERE "id" = ? AND "orderNumber" = ?`,
      [ledgerId, orderNumber],
    );
    if (!entry || entry.kind !== "payment") return { ok: false, reason: "not_a_payment" } as const;
    const refund = await tx.get(`SELECT "id" FROM "LedgerEntry" WHERE "kind" = 'refund' AND "provider" = ? AND "reference" = ?`, [
      entry.provider,
      entry.reference,
    ]);
    if (refund) return { ok: false, reason: "already_refunded" } as const;
    const details = { provider: entry.provider, reference: entry.reference, amount: BigInt(entry.amount) };
    if (entry.refundApprovedAt) return { ok: true, changed: false, ...details } as const;
    await tx.run(`UPDATE "LedgerEntry" SET "refundApprovedAt" = ? WHERE "id" = ?`, [now, ledgerId]);
    return { ok: true, changed: true, ...details } as const;
  });
}

/**
 * Cancels the order — only when nothing reserves it and nothing paid stays unrefunded (refund
 * first). Expired Payme transactions are cancelled (reason 4) first, as every touch does.
 */
export async function cancelOrder(sql: SqlDatabase, orderNumber: number, now: Date = new Date()): Promise<OrderActionOutcome> {
  return sql.transaction(async (tx) => {
    const nowMs = now.getTime();
    if (!(await lockOrder(tx, orderNumber))) return { ok: false, reason: "not_found" } as const;
    await cancelExpiredOfOrder(tx, orderNumber, nowMs);
    const order = (await readOrderState(tx, orderNumber))!;
    if (order.cancelledAt) return { ok: true, changed: false } as const;
    const reservation = await activeReservation(tx, orderNumber, nowMs);
    if (reservation) {
      const created = await tx.get<{ createdAt: unknown }>(`SELECT "createdAt" FROM "Reservation" WHERE "orderNumber" = ?`, [orderNumber]);
      return { ok: false, reason: "reserved", holder: holderOf({ ...reservation, createdAt: created?.createdAt }) } as const;
    }
    const paidNet = order.paidAmount - order.refundedAmount;
    if (paidNet > 0n) return { ok: false, reason: "paid", paidNet } as const;
    await tx.run(`UPDATE "Order" SET "cancelledAt" = ?, "cancelledBy" = ? WHERE "number" = ?`, [now, "admin", orderNumber]);
    await refreshOrderStatus(tx, orderNumber, nowMs);
    return { ok: true, changed: true } as const;
  });
}
