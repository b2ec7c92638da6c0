import { z } from "zod";
import { settle } from "../../../orders/settlement";
import { phoneSchema } from "../../../orders/phone";
import { SubscribeError } from "../subscribe/errors";
import { ReceiptState, type Receipt } from "../subscribe/schemas";
import { payableOrder } from "./create-receipt";
import { releaseConflictingHold } from "./manage-receipt";
import { cashboxFor, logLine, type PaymeCashbox, type ReceiptsContext } from "./context";
import { failure, receiptView, subscribeFailure, type ReceiptResult } from "./outcome";
import { findReceiptRow, updateReceiptRow } from "./receipt-rows";
import { PAY_WINDOW_MS, syncReceiptState } from "./sync-receipt-state";

export const payReceiptInput = z.object({
  /** The order's opaque id (from the URL). */
  orderId: z.string().min(1).max(64),
  receiptId: z.string().min(1).max(64),
  /** The verified card token from cards.verify (or a saved one). */
  token: z.string().min(1).max(4096),
  /** For Payme's anti-fraud: the shopper's phone and the request's IP address. */
  payer: z.object({ phone: phoneSchema.optional(), ip: z.string().trim().max(64).optional() }).optional(),
  /** Must match the receipt: a held receipt is created and paid with `hold: true`. */
  hold: z.boolean().optional(),
});
export type PayReceiptInput = z.input<typeof payReceiptInput>;

/** After Payme refused: read the receipt as Payme has it, then free the order unless money may still move. */
async function settleRefusal(ctx: ReceiptsContext, cashbox: PaymeCashbox, paymeId: string, code: number): Promise<void> {
  let latest: Receipt | undefined;
  try {
    latest = (await cashbox.client.receiptsGet(paymeId)).receipt;
  } catch {
    // Payme refused the pay itself, so the receipt did not move: treat it as still unpaid.
  }
  if (latest) await syncReceiptState(ctx, latest, { billing: cashbox.settings.billing });
  await settle(
    ctx.sql,
    async ({ tx, lock }) => {
      const row = (await findReceiptRow(tx, paymeId))!;
      const order = (await lock(row.orderNumber))!;
      const state = latest?.state ?? ReceiptState.created;
      if (state === ReceiptState.created || state === ReceiptState.cancelled) {
        // Our pay window only: never Payme's transaction reservation, never a hold.
        await order.release("payme", paymeId, { onlyKind: "payme_receipt", keepHeld: true });
        await updateReceiptRow(tx, paymeId, { payingSince: null, lastErrorCode: code });
      } else {
        await updateReceiptRow(tx, paymeId, { lastErrorCode: code });
      }
    },
    { now: ctx.now },
  );
}

/**
 * receipts.pay with a verified token, for a receipt of this order. Amounts come from the database:
 * the receipt's amount must still be the order's outstanding amount. On a cashbox **without**
 * billing this action reserves the order for PAY_WINDOW_MS while it pays and releases it when
 * Payme refuses; **with** billing it does not reserve (Payme's CheckPerformTransaction and
 * CreateTransaction do). The payment is never repeated blindly (see the Subscribe client), and
 * a double submit is refused while the first one runs.
 */
export async function payReceipt(ctx: ReceiptsContext, input: PayReceiptInput): Promise<ReceiptResult> {
  const parsed = payReceiptInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]?.path.map(String).join("."));
  const { orderId, receiptId, token, payer, hold } = parsed.data;
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return failure("not_configured");
  const billing = cashbox.settings.billing;

  const started = await settle(ctx.sql, async (session) => {
    const { tx, nowMs } = session;
    // The order's lock first (payableOrder takes it), then the receipt as it is now.
    const payable = await payableOrder(session, orderId);
    const row = await findReceiptRow(tx, receiptId);
    if (!row || (payable.ok && row.orderNumber !== payable.order.number)) return failure("receipt_not_found");
    if (row.payingSince !== null && nowMs - row.payingSince < PAY_WINDOW_MS) return failure("payment_in_progress");
    if (!payable.ok) return payable.result;
    if (row.state !== ReceiptState.created) return failure("receipt_not_payable");
    if (hold !== undefined && hold !== row.hold) return failure("invalid_input", "hold");
    if (payable.reservation) return failure("payment_in_progress");
    if (payable.outstanding !== row.amount) return failure("amount_changed");
    if (!billing) {
      await payable.locked.reserve({ provider: "payme", kind: "payme_receipt", reference: row.paymeId, expiresAt: BigInt(nowMs + PAY_WINDOW_MS) });
    }
    await updateReceiptRow(tx, row.paymeId, { payingSince: nowMs, payerPhone: payer?.phone ?? null, lastErrorCode: null });
    return { ok: true as const, row };
  }, { now: ctx.now });
  if (!started.ok) return started;
  const { row } = started;

  let receipt: Receipt;
  try {
    receipt = await cashbox.client.payReceipt({
      id: row.paymeId,
      token,
      ...(payer && (payer.phone || payer.ip)
        ? { payer: { ...(payer.phone ? { phone: payer.phone.replace(/^\+/, "") } : {}), ...(payer.ip ? { ip: payer.ip } : {}) } }
        : {}),
      ...(row.hold ? { hold: true } : {}),
    });
  } catch (error) {
    if (!(error instanceof SubscribeError)) throw error;
    logLine(ctx, `receipts.pay ${row.paymeId} (order ${row.orderNumber}) failed: ${error.kind} ${error.code}`);
    if (error.outcomeUnknown) {
      // Neither the payment nor the check answered: keep the reservation, the polls settle it.
      await ctx.sql.transaction((tx) => updateReceiptRow(tx, row.paymeId, { lastErrorCode: error.code }));
      return subscribeFailure(error, "status_unknown");
    }
    await settleRefusal(ctx, cashbox, row.paymeId, error.code);
    return subscribeFailure(error, "payment_failed");
  }

  const synced = await syncReceiptState(ctx, receipt, { billing });
  if (!synced) return failure("receipt_not_found");
  if (synced.holdConflict) {
    // Funds got held while another attempt reserves the order: give them back at once.
    logLine(ctx, `receipt ${row.paymeId}: held while order ${row.orderNumber} is reserved by another attempt; releasing the hold`);
    await releaseConflictingHold(ctx, cashbox, row.paymeId);
    return failure("payment_in_progress");
  }
  return { ok: true, receipt: receiptView(synced.row), orderStatus: synced.orderStatus };
}
