import type { OrderStatus } from "../../../orders/order-status";
import { HOLD_LAPSE_MS, settle } from "../../../orders/settlement";
import { ReceiptState } from "../subscribe/schemas";
import type { ReceiptsContext } from "./context";
import { findReceiptRow, updateReceiptRow, type ReceiptRow } from "./receipt-rows";

/** How long our own pay action reserves the order on a cashbox without billing. */
export const PAY_WINDOW_MS = 15 * 60 * 1000;
/** The store's one hold lapse (lib/orders/settlement.ts), re-exported for the receipt views. */
export { HOLD_LAPSE_MS };

/** What Payme told us about a receipt: a whole receipt, or just `{_id, state}` from receipts.check. */
export type ReceiptReport = { _id: string; state: number; pay_time?: number; cancel_time?: number };

export type SyncResult = {
  row: ReceiptRow;
  orderStatus: OrderStatus;
  /** The ledger got a new payment / refund from this report. */
  recordedPayment: boolean;
  recordedRefund: boolean;
  /**
   * Funds are held but another attempt reserves the order: the caller releases the hold (the
   * receipt's `releaseRequestedAt` is set, so the poll retries until Payme releases it).
   */
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
  return settle(
    ctx.sql,
    async (session) => {
      const { tx, nowMs } = session;
      const before = await findReceiptRow(tx, report._id);
      const order = before && (await session.lock(before.orderNumber));
      if (!order) return undefined;
      const row = (await findReceiptRow(tx, report._id))!;
      const result = { recordedPayment: false, recordedRefund: false, holdConflict: false };

      if (isStale(row.state, report.state)) {
        await updateReceiptRow(tx, row.paymeId, { checkedAt: nowMs });
        return { ...result, row: { ...row, checkedAt: nowMs }, orderStatus: order.status };
      }

      const state = report.state;
      const payTime = Math.max(row.payTime, report.pay_time ?? 0);
      let cancelTime = Math.max(row.cancelTime, report.cancel_time ?? 0);
      let { heldAt, holdLapsesAt, payingSince, releaseRequestedAt } = row;
      const at = (ms: number) => new Date(ms > 0 ? ms : nowMs);
      const payment = { provider: "payme", reference: row.paymeId, amount: row.amount };

      if (state === ReceiptState.paid) {
        result.recordedPayment = (await order.recordPayment({ ...payment, at: at(payTime) })).recorded;
        await order.release("payme", row.paymeId);
        payingSince = null;
        releaseRequestedAt = null;
      } else if (state === ReceiptState.held) {
        heldAt ??= nowMs;
        holdLapsesAt ??= heldAt + HOLD_LAPSE_MS;
        payingSince = null;
        // With billing the hold replaces CreateTransaction's reservation (same reference).
        // A hold already found conflicting stays on its way back to the shopper.
        const hold = releaseRequestedAt === null ? await order.hold("payme", row.paymeId, "payme_receipt") : { ok: false };
        if (!hold.ok) {
          result.holdConflict = true;
          releaseRequestedAt ??= nowMs;
        }
      } else if (state === ReceiptState.cancelQueued || state === ReceiptState.cancelled) {
        const wasPaid = payTime > 0 || row.state === ReceiptState.paid;
        if (wasPaid) result.recordedPayment = (await order.recordPayment({ ...payment, at: at(payTime) })).recorded;
        // The refund is Payme's fact only once the receipt is cancelled (50); 21 is a request
        // that may still pause (20). Payme refunds the whole payment under the receipt's id.
        if (state === ReceiptState.cancelled) {
          // Refused by the core when the ledger has no payment of this receipt (a released hold).
          const refund = await order.recordRefund({ ...payment, refundOf: row.paymeId, at: at(cancelTime), requireApproval: false });
          result.recordedRefund = refund.ok && refund.recorded;
          await order.release("payme", row.paymeId);
          payingSince = null;
          releaseRequestedAt = null;
          if (cancelTime === 0) cancelTime = nowMs;
        }
      } else if (IN_FLIGHT.has(state) && !billing) {
        if (!(await order.extend("payme", row.paymeId, BigInt(nowMs + PAY_WINDOW_MS)))) {
          if (!order.reservation) {
            await order.reserve({ provider: "payme", kind: "payme_receipt", reference: row.paymeId, expiresAt: BigInt(nowMs + PAY_WINDOW_MS) });
          }
        }
      }

      const patch = { state, payTime, cancelTime, heldAt, holdLapsesAt, payingSince, releaseRequestedAt, checkedAt: nowMs };
      await updateReceiptRow(tx, row.paymeId, patch);
      return { ...result, row: { ...row, ...patch }, orderStatus: order.status };
    },
    { now: ctx.now },
  );
}
