import { z } from "zod";
import { takeRateSlot, type RateLimit } from "../../../http/rate-limit";
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

/**
 * Checked and counted in one atomic step each (lib/http/rate-limit.ts): a parallel burst cannot
 * slip between a check and the receipt that would count.
 */
const LINKS_PER_ORDER: RateLimit = { name: "link.order", max: 1, windowMs: PAYMENT_LINK_INTERVAL_MS };
const LINKS_PER_PHONE: RateLimit = { name: "link.phone", max: PAYMENT_LINKS_PER_PHONE_PER_HOUR, windowMs: HOUR_MS };

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
  const perOrder = await takeRateSlot(ctx.sql, LINKS_PER_ORDER, order.id, ctx.now());
  if (!perOrder.ok) return cardFailure("invoice_too_soon", perOrder.retryAfterSeconds);
  const perPhone = await takeRateSlot(ctx.sql, LINKS_PER_PHONE, order.phone, ctx.now());
  if (!perPhone.ok) return cardFailure("invoice_too_soon", perPhone.retryAfterSeconds);
  const sent = await sendInvoice(ctx, { orderId: order.id, phone: order.phone });
  if (!sent.ok) return sent;
  return { ...sent, phone: maskPhone(order.phone) };
}
