import { z } from "zod";
import { phoneSchema } from "../../../orders/phone";
import { SubscribeError } from "../subscribe/errors";
import { cashboxFor, logLine, type ReceiptsContext } from "./context";
import { createReceiptForOrder } from "./create-receipt";
import { failure, subscribeFailure, type ReceiptResult } from "./outcome";
import { updateReceiptRow } from "./receipt-rows";

export const sendInvoiceInput = z.object({ orderId: z.string().min(1).max(64), phone: phoneSchema });
export type SendInvoiceInput = z.input<typeof sendInvoiceInput>;

/**
 * Payme sends the shopper an SMS with a link to pay the order (receipts.send) — a new receipt
 * for the outstanding amount. Its payment arrives by PerformTransaction (billing) or is found by
 * the receipt polls (no billing).
 */
export async function sendInvoice(ctx: ReceiptsContext, input: SendInvoiceInput): Promise<ReceiptResult> {
  const parsed = sendInvoiceInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]?.path.map(String).join("."));
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return failure("not_configured");
  const created = await createReceiptForOrder(ctx, parsed.data.orderId);
  if (!created.ok) return created;
  const phone = parsed.data.phone.replace(/^\+/, "");
  try {
    await cashbox.client.receiptsSend({ id: created.receipt.id, phone });
  } catch (error) {
    if (!(error instanceof SubscribeError)) throw error;
    logLine(ctx, `receipts.send ${created.receipt.id} (order ${created.receipt.orderNumber}) failed: ${error.kind} ${error.code}`);
    return subscribeFailure(error, "payme_error");
  }
  await ctx.sql.transaction((tx) => updateReceiptRow(tx, created.receipt.id, { invoicePhone: parsed.data.phone }));
  return { ...created, receipt: { ...created.receipt, invoicePhone: parsed.data.phone } };
}
