// Payme receipts for orders: the logic behind the card form's server actions. Every function
// re-reads amounts from the database and returns `{ok: true, …} | {ok: false, error}` with a
// localized message. Marked `server-only`: the cashbox key must never reach a client bundle.
// (The polls for the custom server are in ./service and ./poll-receipts, without this marker.)
import "server-only";
import { activeKey } from "../payme-settings";
import { createReceiptForOrder as create } from "./create-receipt";
import { cancelOpenReceipts as cancelOpen, cancelReceipt as cancel, confirmHold as confirm, type ReceiptRef } from "./manage-receipt";
import { payReceipt as pay, type PayReceiptInput } from "./pay-receipt";
import { listOrderReceipts as list, pollReceipt as poll } from "./poll-receipts";
import { sendInvoice as send, type SendInvoiceInput } from "./send-invoice";
import { receiptsContext } from "./service";

export type { ReceiptError, ReceiptErrorCode, ReceiptFailure, ReceiptResult, ReceiptSuccess, ReceiptView } from "./outcome";
export type { PayReceiptInput } from "./pay-receipt";
export type { SendInvoiceInput } from "./send-invoice";
export type { ReceiptRef } from "./manage-receipt";

/** receipts.create for the order's outstanding amount (optionally to hold the funds). */
export const createReceiptForOrder = (orderId: string, options?: { hold?: boolean }) => create(receiptsContext(), orderId, options);
/** receipts.pay with a verified token; reserves the order itself only on a cashbox without billing. */
export const payReceipt = (input: PayReceiptInput) => pay(receiptsContext(), input);
/** receipts.confirm_hold: charges held funds. Authorize the caller (admin or order action) first. */
export const confirmHold = (ref: ReceiptRef) => confirm(receiptsContext(), ref);
/** receipts.cancel: releases a hold, refunds a paid receipt, withdraws an unpaid one. Authorize first. */
export const cancelReceipt = (ref: ReceiptRef) => cancel(receiptsContext(), ref);
/** When the merchant cancelled the order: withdraws its unpaid receipts. Authorize first. */
export const cancelOpenReceipts = (orderNumber: number) => cancelOpen(receiptsContext(), orderNumber);
/** receipts.send: Payme texts the shopper a link to pay the order. */
export const sendInvoice = (input: SendInvoiceInput) => send(receiptsContext(), input);
/** receipts.check until final or the timeout (call again while `final` is false). */
export const pollReceipt = (ref: ReceiptRef & { timeoutMs?: number; intervalMs?: number }) => poll(receiptsContext(), ref);
/** The order's receipts, newest first. */
export const listOrderReceipts = (orderId: string) => list(receiptsContext(), orderId);

/**
 * What the card form needs to call Payme from the browser: the Subscribe endpoint of the
 * cashbox's mode and the cashbox id (public). Undefined when Payme is not configured. Never the key.
 */
export async function paymeCardFormConfig(): Promise<{ endpoint: string; merchantId: string } | undefined> {
  const ctx = receiptsContext();
  const settings = await ctx.settings();
  if (!settings.merchantId || !activeKey(settings)) return undefined;
  return { endpoint: ctx.endpoint(settings), merchantId: settings.merchantId };
}
