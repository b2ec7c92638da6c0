import { settleOrder } from "../../../orders/settlement";
import type { OrderStatus } from "../../../orders/order-status";
import { SubscribeError } from "../subscribe/errors";
import { ReceiptState, type Receipt } from "../subscribe/schemas";
import { cashboxFor, logLine, type PaymeCashbox, type ReceiptsContext } from "./context";
import { failure, receiptView, subscribeFailure, type ReceiptFailure, type ReceiptResult } from "./outcome";
import { findOrderById, findReceiptRow, receiptRowsOfOrder, type ReceiptRow } from "./receipt-rows";
import { syncReceiptState, type SyncResult } from "./sync-receipt-state";

export type ReceiptRef = { orderId: string; receiptId: string };

/** The receipt, if it belongs to the order with this opaque id. */
export async function receiptOfOrder(ctx: ReceiptsContext, ref: ReceiptRef): Promise<{ ok: true; row: ReceiptRow } | ReceiptFailure> {
  if (typeof ref?.orderId !== "string" || typeof ref.receiptId !== "string" || ref.receiptId.length > 64) return failure("invalid_input");
  const order = await findOrderById(ctx.sql, ref.orderId);
  if (!order) return failure("order_not_found");
  const row = await findReceiptRow(ctx.sql, ref.receiptId);
  if (!row || row.orderNumber !== order.number) return failure("receipt_not_found");
  return { ok: true, row };
}

/** receipts.get, then the state applied to the order. */
export async function refreshReceipt(ctx: ReceiptsContext, cashbox: PaymeCashbox, paymeId: string): Promise<SyncResult | undefined> {
  const { receipt } = await cashbox.client.receiptsGet(paymeId);
  return syncReceiptState(ctx, receipt, { billing: cashbox.settings.billing });
}

async function currentOrderStatus(ctx: ReceiptsContext, orderNumber: number): Promise<OrderStatus> {
  const row = await ctx.sql.get<{ status: OrderStatus }>(`SELECT "status" FROM "Order" WHERE "number" = ?`, [orderNumber]);
  return row!.status;
}

async function success(ctx: ReceiptsContext, synced: SyncResult | undefined, fallback: ReceiptRow): Promise<ReceiptResult> {
  if (synced) return { ok: true, receipt: receiptView(synced.row), orderStatus: synced.orderStatus };
  return { ok: true, receipt: receiptView(fallback), orderStatus: await currentOrderStatus(ctx, fallback.orderNumber) };
}

function payFailure(ctx: ReceiptsContext, what: string, row: ReceiptRow, error: unknown): ReceiptFailure {
  if (!(error instanceof SubscribeError)) throw error;
  logLine(ctx, `${what} ${row.paymeId} (order ${row.orderNumber}) failed: ${error.kind} ${error.code}`);
  return subscribeFailure(error, error.outcomeUnknown ? "status_unknown" : "payme_error");
}

/**
 * Gives back funds held while another attempt reserved the order (receipts.cancel of the hold).
 * True once Payme took the release; on failure the receipt keeps `releaseRequestedAt` and the
 * pending poll tries again (until Payme releases it).
 */
export async function releaseConflictingHold(ctx: ReceiptsContext, cashbox: PaymeCashbox, paymeId: string): Promise<boolean> {
  try {
    const released = await cashbox.client.cancelReceipt(paymeId, ReceiptState.held);
    await syncReceiptState(ctx, released, { billing: cashbox.settings.billing });
    return true;
  } catch (error) {
    logLine(ctx, `receipts.cancel of conflicting hold ${paymeId} failed: ${error instanceof SubscribeError ? `${error.kind} ${error.code}` : String(error)}; retried by the poll`);
    return false;
  }
}

/**
 * receipts.confirm_hold: charges the held funds (5 → 4). The order becomes paid exactly once,
 * whether PerformTransaction (billing) or this answer records it first.
 */
export async function confirmHold(ctx: ReceiptsContext, ref: ReceiptRef): Promise<ReceiptResult> {
  const found = await receiptOfOrder(ctx, ref);
  if (!found.ok) return found;
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return failure("not_configured");
  let row = found.row;
  try {
    if (row.state !== ReceiptState.held) row = (await refreshReceipt(ctx, cashbox, row.paymeId))?.row ?? row;
    if (row.state === ReceiptState.paid) return success(ctx, undefined, row);
    if (row.state !== ReceiptState.held) return failure("not_held");
    const receipt = await cashbox.client.confirmHold(row.paymeId);
    return success(ctx, await syncReceiptState(ctx, receipt, { billing: cashbox.settings.billing }), row);
  } catch (error) {
    const result = payFailure(ctx, "receipts.confirm_hold", row, error);
    await refreshReceipt(ctx, cashbox, row.paymeId).catch(() => undefined);
    return result;
  }
}

/**
 * receipts.cancel: releases a hold (5), refunds a paid receipt (4) or withdraws an unpaid one (0).
 * A refund is approved in the ledger before Payme is asked, so the CancelTransaction that
 * follows on a cashbox with billing is accepted even for a fulfilled order, and both report the
 * refund under the receipt's id: it is recorded once. Cancelling a cancelled receipt answers its
 * state.
 */
export async function cancelReceipt(ctx: ReceiptsContext, ref: ReceiptRef): Promise<ReceiptResult> {
  const found = await receiptOfOrder(ctx, ref);
  if (!found.ok) return found;
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return failure("not_configured");
  let row = found.row;
  try {
    row = (await refreshReceipt(ctx, cashbox, row.paymeId))?.row ?? row;
    if (row.state === ReceiptState.cancelQueued || row.state === ReceiptState.cancelled) return success(ctx, undefined, row);
    if (row.state !== ReceiptState.created && row.state !== ReceiptState.paid && row.state !== ReceiptState.held) {
      return failure("not_cancellable");
    }
    if (row.state === ReceiptState.paid) {
      await settleOrder(ctx.sql, row.orderNumber, (order) => order.approveRefund({ provider: "payme", reference: row.paymeId }), {
        now: ctx.now,
        lapse: false,
      });
    }
    const receipt: Receipt = await cashbox.client.cancelReceipt(row.paymeId, row.state);
    return success(ctx, await syncReceiptState(ctx, receipt, { billing: cashbox.settings.billing }), row);
  } catch (error) {
    return payFailure(ctx, "receipts.cancel", row, error);
  }
}

/**
 * When the merchant cancels an order: withdraws its receipts nobody has paid yet (state 0 — an
 * SMS invoice, a card form left open), so they can no longer take money. Returns how many were
 * withdrawn; a failure is logged and left to the poll (money that still arrives is recorded and
 * flagged as an overpayment to refund).
 */
export async function cancelOpenReceipts(ctx: ReceiptsContext, orderNumber: number): Promise<number> {
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return 0;
  let withdrawn = 0;
  for (const row of await receiptRowsOfOrder(ctx.sql, orderNumber)) {
    if (row.state !== ReceiptState.created) continue;
    try {
      // Payme first: a receipt paid meanwhile is recorded (and flagged), never refunded here.
      const fresh = (await refreshReceipt(ctx, cashbox, row.paymeId))?.row ?? row;
      if (fresh.state !== ReceiptState.created) continue;
      const receipt: Receipt = await cashbox.client.cancelReceipt(row.paymeId, fresh.state);
      await syncReceiptState(ctx, receipt, { billing: cashbox.settings.billing });
      withdrawn++;
    } catch (error) {
      if (!(error instanceof SubscribeError)) throw error;
      logLine(ctx, `receipts.cancel ${row.paymeId} (cancelled order ${orderNumber}) failed: ${error.kind} ${error.code}`);
    }
  }
  return withdrawn;
}
