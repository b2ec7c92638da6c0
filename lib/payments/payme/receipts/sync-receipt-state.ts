import type { SqlExecutor } from "../../../db/sql";
import { recordLedgerEntry } from "../../../orders/ledger";
import { lockOrder } from "../../../orders/order-lock";
import type { OrderStatus } from "../../../orders/order-status";
import { refreshOrderStatus } from "../../../orders/refresh-order-status";
import { activeReservation, readReservation, reserveOrder } from "../../../orders/reservation";
import { ReceiptState } from "../subscribe/schemas";
import type { ReceiptsContext } from "./context";
import { findReceiptRow, updateReceiptRow, type ReceiptRow } from "./receipt-rows";

/** How long our own pay action reserves the order on a cashbox without billing. */
export const PAY_WINDOW_MS = 15 * 60 * 1000;
/** A hold lapses by itself this long after it was placed (UZCARD releases it; HUMO then allows only confirm). */
export const HOLD_LAPSE_MS = 30 * 24 * 60 * 60 * 1000;

/** What Payme told us about a receipt: a whole receipt, or just `{_id, state}` from receipts.check. */
export type ReceiptReport = { _id: string; state: number; pay_time?: number; cancel_time?: number };

export type SyncResult = {
  row: ReceiptRow;
  orderStatus: OrderStatus;
  /** The ledger got a new payment / refund from this report. */
  recordedPayment: boolean;
  recordedRefund: boolean;
  /** Funds are held but another attempt reserves the order: the caller releases the hold. */
  holdConflict: boolean;
};

const IN_FLIGHT = new Set<number>([
  ReceiptState.checking,
  ReceiptState.debiting,
  ReceiptState.closing,
  ReceiptState.holdRequested,
  ReceiptState.closeQueued,
]);

/**
 * Where each state sits on a receipt's way (0 → 1 → 2 → [5 → 6] → 3 → 30 → 4 → 21 → 50), so a
 * report older than what we already know (a poll that read state 2 just before the pay action
 * recorded 4) cannot move a receipt back. 20 (paused) may come and go at any point.
 */
const progress: Record<number, number> = { 0: 0, 1: 1, 2: 2, 5: 3, 6: 4, 3: 5, 30: 5, 4: 6, 21: 7, 50: 8 };

function isStale(known: number, reported: number): boolean {
  if (known === ReceiptState.cancelled) return reported !== ReceiptState.cancelled;
  if (known === ReceiptState.paused || reported === ReceiptState.paused) return false;
  return (progress[reported] ?? 0) < (progress[known] ?? 0);
}

async function hasLedgerPayment(tx: SqlExecutor, reference: string): Promise<boolean> {
  const row = await tx.get(`SELECT "id" FROM "LedgerEntry" WHERE "kind" = 'payment' AND "provider" = 'payme' AND "reference" = ?`, [reference]);
  return row !== undefined;
}

/** Releases the order if *this receipt's* reservation holds it (a hold or our pay window). */
async function releaseReceiptReservation(tx: SqlExecutor, orderNumber: number, paymeId: string): Promise<void> {
  await tx.run(`DELETE FROM "Reservation" WHERE "orderNumber" = ? AND "provider" = 'payme' AND "reference" = ?`, [orderNumber, paymeId]);
}

/**
 * Applies a receipt's state to the order (DESIGN.md "Order and payment state"), under the order's
 * lock, in one SQL transaction:
 * - 4 paid → a ledger payment (provider payme, reference = receipt `_id`, the amount from our
 *   row, never from the report). PerformTransaction uses the same key, so whichever comes first
 *   records it and the other changes nothing. The receipt's reservation is released.
 * - 5 held → one held reservation of kind payme_receipt that never lapses by time (the order is
 *   `authorized`); on a cashbox with billing it replaces CreateTransaction's reservation (same
 *   reference), so hold and transaction stay one reservation. The lapse date is kept.
 * - 21/50 of a receipt that was paid → a ledger refund with the same reference (CancelTransaction
 *   reason 5 that follows changes nothing). 50 releases the receipt's reservation (a released
 *   hold, a failed debit).
 * - 1, 2, 3, 6, 30 (in flight) on a cashbox without billing → our pay reservation is kept alive.
 * - 0 changes nothing: a failed pay action releases its own reservation.
 * Receipts we did not create are ignored (undefined).
 */
export async function syncReceiptState(ctx: ReceiptsContext, report: ReceiptReport, options: { billing?: boolean } = {}): Promise<SyncResult | undefined> {
  const billing = options.billing ?? (await ctx.settings()).billing;
  return ctx.sql.transaction(async (tx) => {
    const nowMs = ctx.now();
    const before = await findReceiptRow(tx, report._id);
    if (!before || !(await lockOrder(tx, before.orderNumber))) return undefined;
    const row = (await findReceiptRow(tx, report._id))!;
    const orderNumber = row.orderNumber;
    const result = { recordedPayment: false, recordedRefund: false, holdConflict: false };

    if (isStale(row.state, report.state)) {
      await updateReceiptRow(tx, row.paymeId, { checkedAt: nowMs });
      return { ...result, row: { ...row, checkedAt: nowMs }, orderStatus: await refreshOrderStatus(tx, orderNumber, nowMs) };
    }

    const state = report.state;
    const payTime = Math.max(row.payTime, report.pay_time ?? 0);
    let cancelTime = Math.max(row.cancelTime, report.cancel_time ?? 0);
    let { heldAt, holdLapsesAt, payingSince } = row;
    const at = (ms: number) => new Date(ms > 0 ? ms : nowMs);
    const payment = { orderNumber, provider: "payme" as const, reference: row.paymeId, amount: row.amount };

    if (state === ReceiptState.paid) {
      result.recordedPayment = (await recordLedgerEntry(tx, { ...payment, kind: "payment", at: at(payTime) }, nowMs)).recorded;
      await releaseReceiptReservation(tx, orderNumber, row.paymeId);
      payingSince = null;
    } else if (state === ReceiptState.held) {
      heldAt ??= nowMs;
      holdLapsesAt ??= heldAt + HOLD_LAPSE_MS;
      payingSince = null;
      const current = await readReservation(tx, orderNumber);
      if (current && current.provider === "payme" && current.reference === row.paymeId) {
        await tx.run(
          `UPDATE "Reservation" SET "kind" = 'payme_receipt', "held" = ?, "expiresAt" = NULL WHERE "orderNumber" = ? AND "reference" = ?`,
          [true, orderNumber, row.paymeId],
        );
      } else if (!(await activeReservation(tx, orderNumber, nowMs))) {
        await reserveOrder(tx, { orderNumber, provider: "payme", kind: "payme_receipt", reference: row.paymeId, held: true, expiresAt: null });
      } else {
        result.holdConflict = true;
      }
    } else if (state === ReceiptState.cancelQueued || state === ReceiptState.cancelled) {
      const wasPaid = payTime > 0 || row.state === ReceiptState.paid || (await hasLedgerPayment(tx, row.paymeId));
      if (wasPaid) {
        result.recordedPayment = (await recordLedgerEntry(tx, { ...payment, kind: "payment", at: at(payTime) }, nowMs)).recorded;
        result.recordedRefund = (await recordLedgerEntry(tx, { ...payment, kind: "refund", at: at(cancelTime) }, nowMs)).recorded;
      }
      if (state === ReceiptState.cancelled) {
        await releaseReceiptReservation(tx, orderNumber, row.paymeId);
        payingSince = null;
        if (cancelTime === 0) cancelTime = nowMs;
      }
    } else if (IN_FLIGHT.has(state) && !billing) {
      const active = await activeReservation(tx, orderNumber, nowMs);
      if (!active) {
        await reserveOrder(tx, { orderNumber, provider: "payme", kind: "payme_receipt", reference: row.paymeId, expiresAt: BigInt(nowMs + PAY_WINDOW_MS) });
      } else if (active.reference === row.paymeId && !active.held) {
        await tx.run(`UPDATE "Reservation" SET "expiresAt" = ? WHERE "orderNumber" = ? AND "reference" = ?`, [
          BigInt(nowMs + PAY_WINDOW_MS),
          orderNumber,
          row.paymeId,
        ]);
      }
    }

    const patch = { state, payTime, cancelTime, heldAt, holdLapsesAt, payingSince, checkedAt: nowMs };
    await updateReceiptRow(tx, row.paymeId, patch);
    return { ...result, row: { ...row, ...patch }, orderStatus: await refreshOrderStatus(tx, orderNumber, nowMs) };
  });
}
