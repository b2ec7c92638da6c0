import { z } from "zod";
import type { SqlExecutor } from "../../../db/sql";
import type { OrderStatus } from "../../../orders/order-status";
import { SubscribeError } from "../subscribe/errors";
import { ReceiptState } from "../subscribe/schemas";
import { cashboxFor, logLine, type PaymeCashbox, type ReceiptsContext } from "./context";
import { receiptOfOrder, refreshReceipt, releaseConflictingHold, type ReceiptRef } from "./manage-receipt";
import { failure, isFinalState, receiptView, subscribeFailure, type ReceiptResult, type ReceiptView } from "./outcome";
import { findOrderById, receiptRowsOfOrder, selectReceiptRows, updateReceiptRow, type ReceiptRow } from "./receipt-rows";
import { PAY_WINDOW_MS, syncReceiptState } from "./sync-receipt-state";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Invoices sent by SMS are looked after for this long. */
const INVOICE_WATCH_MS = 3 * DAY_MS;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** receipts.check; when the state moved (or is final), receipts.get for the times, then the order. */
async function checkReceipt(ctx: ReceiptsContext, cashbox: PaymeCashbox, row: ReceiptRow) {
  const { state } = await cashbox.client.receiptsCheck(row.paymeId);
  if (state !== row.state || isFinalState(state)) {
    return (await refreshReceipt(ctx, cashbox, row.paymeId)) ?? { row, orderStatus: undefined };
  }
  return (await syncReceiptState(ctx, { _id: row.paymeId, state }, { billing: cashbox.settings.billing })) ?? { row, orderStatus: undefined };
}

/** Nothing will change without the shopper: no pay action runs and no invoice is out. */
function idle(row: ReceiptRow, nowMs: number): boolean {
  return row.state === ReceiptState.created && (row.payingSince === null || nowMs - row.payingSince >= PAY_WINDOW_MS) && row.invoicePhone === null;
}

/**
 * Polls receipts.check until the receipt is final (paid, held, cancelled, paused) or `timeoutMs`
 * passes, applying each change to the order. Meant for the card form and the order page after a
 * payment whose result is not known yet (call it again when it returns `final: false`).
 */
export async function pollReceipt(
  ctx: ReceiptsContext,
  ref: ReceiptRef & { timeoutMs?: number; intervalMs?: number },
): Promise<ReceiptResult> {
  const found = await receiptOfOrder(ctx, ref);
  if (!found.ok) return found;
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return failure("not_configured");
  const timeoutMs = Math.min(Math.max(ref.timeoutMs ?? 20_000, 0), 60_000);
  const intervalMs = Math.max(ref.intervalMs ?? 1_000, 50);
  const deadline = Date.now() + timeoutMs;
  let row = found.row;
  let orderStatus: OrderStatus | undefined;
  for (;;) {
    try {
      const checked = await checkReceipt(ctx, cashbox, row);
      row = checked.row;
      orderStatus = checked.orderStatus ?? orderStatus;
    } catch (error) {
      if (!(error instanceof SubscribeError)) throw error;
      if (!error.outcomeUnknown) return subscribeFailure(error, "payme_error");
    }
    if (isFinalState(row.state) || idle(row, ctx.now()) || Date.now() + intervalMs > deadline) break;
    await sleep(intervalMs);
  }
  orderStatus ??= (await ctx.sql.get<{ status: OrderStatus }>(`SELECT "status" FROM "Order" WHERE "number" = ?`, [row.orderNumber]))!.status;
  return { ok: true, receipt: receiptView(row), orderStatus };
}

export type PollReport = { checked: number; changed: number; failed: number };

async function pollRows(ctx: ReceiptsContext, rows: ReceiptRow[]): Promise<PollReport> {
  const report: PollReport = { checked: 0, changed: 0, failed: 0 };
  if (rows.length === 0) return report;
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return report;
  for (const row of rows) {
    try {
      const checked = await checkReceipt(ctx, cashbox, row);
      report.checked += 1;
      if (checked.row.state !== row.state) {
        report.changed += 1;
        logLine(ctx, `receipt ${row.paymeId} (order ${row.orderNumber}): state ${row.state} → ${checked.row.state}`);
      }
    } catch (error) {
      report.failed += 1;
      logLine(ctx, `receipts.check ${row.paymeId} failed: ${error instanceof SubscribeError ? `${error.kind} ${error.code}` : String(error)}`);
    }
  }
  return report;
}

/**
 * Held receipts, each checked once a day (receipts.check): a hold the card network released
 * (UZCARD after 30 days) releases the order; a hold confirmed elsewhere records the payment.
 */
export async function pollHeldReceipts(ctx: ReceiptsContext, options: { everyMs?: number; limit?: number } = {}): Promise<PollReport> {
  const due = ctx.now() - (options.everyMs ?? DAY_MS);
  const rows = await selectReceiptRows(ctx.sql, `"state" = ? AND ("checkedAt" IS NULL OR "checkedAt" <= ?)`, [ReceiptState.held, BigInt(due)], options.limit ?? 100);
  return pollRows(ctx, rows);
}

/**
 * Receipts whose outcome is still open, each checked at most every `everyMs`: in flight (1, 2, 3,
 * 6, 21, 30, 20), being paid by an action that may have died, or sent by SMS in the last days.
 * This is how a payment without billing is found when nobody is watching the order page.
 */
export async function pollPendingReceipts(ctx: ReceiptsContext, options: { everyMs?: number; limit?: number } = {}): Promise<PollReport> {
  const nowMs = ctx.now();
  const due = BigInt(nowMs - (options.everyMs ?? 60_000));
  const rows = await selectReceiptRows(
    ctx.sql,
    `("checkedAt" IS NULL OR "checkedAt" <= ?) AND ("state" IN (1, 2, 3, 6, 20, 21, 30)
       OR ("state" = 0 AND ("payingSince" IS NOT NULL OR ("invoicePhone" IS NOT NULL AND "createTime" >= ?))))`,
    [due, BigInt(nowMs - INVOICE_WATCH_MS)],
    options.limit ?? 100,
  );
  const report = await pollRows(ctx, rows);
  await retryHoldReleases(ctx, options.limit ?? 100);
  // A pay action that died long ago: forgotten only once Payme itself said, after the window,
  // that the receipt is still unpaid. An outcome nobody could learn (checks failing) stays polled.
  await ctx.sql.run(
    `UPDATE "PaymeReceipt" SET "payingSince" = NULL WHERE "state" = 0 AND "payingSince" < ? AND "checkedAt" >= "payingSince" + ?`,
    [BigInt(nowMs - PAY_WINDOW_MS), BigInt(PAY_WINDOW_MS)],
  );
  return report;
}

/**
 * Holds that got funds while another attempt reserved the order and whose release failed: asked
 * again every poll until Payme releases them (the answer's state clears the mark).
 */
export async function retryHoldReleases(ctx: ReceiptsContext, limit = 100): Promise<number> {
  const rows = await selectReceiptRows(ctx.sql, `"state" = ? AND "releaseRequestedAt" IS NOT NULL`, [ReceiptState.held], limit);
  if (rows.length === 0) return 0;
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return 0;
  let released = 0;
  for (const row of rows) if (await releaseConflictingHold(ctx, cashbox, row.paymeId)) released += 1;
  return released;
}

/** Both polls; the store calls this every minute (held receipts are still checked once a day). */
export async function pollReceipts(ctx: ReceiptsContext): Promise<{ pending: PollReport; held: PollReport }> {
  return { pending: await pollPendingReceipts(ctx), held: await pollHeldReceipts(ctx) };
}

/** The order's receipts, newest first (card form, order page, admin: states and hold lapse dates). */
export async function listOrderReceipts(ctx: ReceiptsContext, orderId: string): Promise<ReceiptView[] | undefined> {
  const order = await findOrderById(ctx.sql, orderId);
  if (!order) return undefined;
  return (await receiptRowsOfOrder(ctx.sql, order.number)).map(receiptView);
}
