import { z } from "zod";
import { receiptRowsOfOrder } from "../receipts/receipt-rows";
import { failure, type ReceiptFailure, type ReceiptSuccess } from "../receipts/outcome";
import { sendInvoice } from "../receipts/send-invoice";
import { findOrderContact, maskPhone, type CardPaymentsContext } from "./context";
import { cardFailure, type CardFailure } from "./outcome";

/** One payment link per order per this long: the button must not become an SMS cannon. */
export const PAYMENT_LINK_INTERVAL_MS = 60_000;
/**
 * And at most this many per phone number per hour, whatever the order: anyone can place orders
 * with somebody else's number, and each order would otherwise be one more SMS to it.
 */
export const PAYMENT_LINKS_PER_PHONE_PER_HOUR = 3;
const HOUR_MS = 3_600_000;

export const sendPaymentLinkInput = z.object({ orderId: z.string().min(1).max(64) });

/**
 * Payme texts the shopper a link to pay the order (receipts.send) — always to the phone the
 * order was placed with, never to a number from the browser.
 */
export async function sendPaymentLink(
  ctx: CardPaymentsContext,
  input: z.input<typeof sendPaymentLinkInput>,
): Promise<(ReceiptSuccess & { phone: string }) | ReceiptFailure | CardFailure> {
  const parsed = sendPaymentLinkInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input");
  const order = await findOrderContact(ctx.sql, parsed.data.orderId);
  if (!order) return failure("order_not_found");
  if (!order.phone) return cardFailure("no_phone");
  const recent = (await receiptRowsOfOrder(ctx.sql, order.number)).some(
    (row) => row.invoicePhone !== null && ctx.now() - row.createTime < PAYMENT_LINK_INTERVAL_MS,
  );
  if (recent) return cardFailure("invoice_too_soon");
  const toPhone = await ctx.sql.get<{ sent: number }>(
    `SELECT COUNT(*) AS "sent" FROM "PaymeReceipt" WHERE "invoicePhone" = ? AND "createTime" >= ?`,
    [order.phone, BigInt(ctx.now() - HOUR_MS)],
    { sent: "number" },
  );
  if (Number(toPhone?.sent ?? 0) >= PAYMENT_LINKS_PER_PHONE_PER_HOUR) return cardFailure("invoice_too_soon");
  const sent = await sendInvoice(ctx, { orderId: order.id, phone: order.phone });
  if (!sent.ok) return sent;
  return { ...sent, phone: maskPhone(order.phone) };
}
