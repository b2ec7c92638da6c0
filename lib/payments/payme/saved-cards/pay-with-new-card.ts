import { z } from "zod";
import { takeRateSlot, type RateLimit } from "../../../http/rate-limit";
import { createReceiptForOrder } from "../receipts/create-receipt";
import { failure, type ReceiptResult, type ReceiptSuccess } from "../receipts/outcome";
import { payReceipt } from "../receipts/pay-receipt";
import { cashboxFor, findOrderContact, type CardPaymentsContext } from "./context";
import { holdCardPayment } from "./hold-policy";
import { cardFailure, type CardFailure } from "./outcome";
import { pinSchema } from "./pin-hash";
import { removeTokenAtPayme, saveVerifiedCard, type SavedCardView } from "./save-card";

export const startCardPaymentInput = z.object({
  orderId: z.string().min(1).max(64),
  /** `?hold=1` on the order page: honoured in the sandbox only (see hold-policy.ts). */
  hold: z.boolean().optional(),
});

/** Each attempt is a receipt at Payme and a row here: an anonymous caller must not make thousands. */
export const CARD_PAYMENTS_PER_ORDER: RateLimit = { name: "card.start", max: 5, windowMs: 60_000 };

/**
 * The receipt the card form will pay: receipts.create for what the order still owes (amount
 * and fiscal detail from the database). A new one for each attempt: a failed debit cancels its
 * receipt at Payme.
 */
export async function startCardPayment(
  ctx: CardPaymentsContext,
  input: z.input<typeof startCardPaymentInput>,
): Promise<ReceiptResult | CardFailure> {
  const parsed = startCardPaymentInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input");
  const slot = await takeRateSlot(ctx.sql, CARD_PAYMENTS_PER_ORDER, parsed.data.orderId, ctx.now());
  if (!slot.ok) return cardFailure("too_many_attempts", slot.retryAfterSeconds);
  const settings = await ctx.settings();
  const hold = await holdCardPayment(ctx.sql, settings, parsed.data.hold === true);
  return createReceiptForOrder(ctx, parsed.data.orderId, { hold });
}

export const payWithNewCardInput = z.object({
  orderId: z.string().min(1).max(64),
  receiptId: z.string().min(1).max(64),
  /** The verified token from cards.verify: Payme's reference to the card, never the card itself. */
  token: z.string().min(1).max(4096),
  /** Keep the card for this browser and phone, under this PIN (the token was created with save: true). */
  save: z.object({ pin: pinSchema }).optional(),
});

export type PayerContext = {
  /** The request's client address, for Payme's anti-fraud. */
  ip: string;
  /** This browser's device id (the cookie), when saving a card. */
  deviceId?: string;
};

export type CardPaymentSuccess = ReceiptSuccess & {
  /** The card saved by this payment; null when the shopper did not ask, or Payme did not vouch for the token. */
  saved: SavedCardView | null;
};
export type CardPaymentResult = CardPaymentSuccess | CardFailure;

/**
 * Pays the receipt with a token the browser got from Payme (cards.create → get_verify_code →
 * verify). The payer's phone is the order's own; the amount is the receipt's, checked against
 * the database by payReceipt. With `save`, the card is kept only after the payment went
 * through; otherwise its reusable token is removed at Payme, so none is left behind unused.
 */
export async function payWithNewCard(
  ctx: CardPaymentsContext,
  input: z.input<typeof payWithNewCardInput>,
  payer: PayerContext,
): Promise<CardPaymentResult> {
  const parsed = payWithNewCardInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input", parsed.error.issues[0]?.path.map(String).join("."));
  const { orderId, receiptId, token, save } = parsed.data;
  const order = await findOrderContact(ctx.sql, orderId);
  if (!order) return failure("order_not_found");
  if (save && (!order.phone || !payer.deviceId)) {
    await removeTokenAtPayme(ctx, token, "card not saved");
    return cardFailure("no_phone");
  }

  const paid = await payReceipt(ctx, {
    orderId,
    receiptId,
    token,
    payer: { ...(order.phone ? { phone: order.phone } : {}), ...(payer.ip ? { ip: payer.ip } : {}) },
  });
  if (!paid.ok) {
    // While the outcome is unknown Payme may still be debiting with this token: leave it be.
    if (save && paid.error.code !== "status_unknown") await removeTokenAtPayme(ctx, token, "payment failed");
    return paid;
  }
  let saved: SavedCardView | null = null;
  if (save && (paid.receipt.status === "paid" || paid.receipt.status === "held")) {
    saved = (await saveVerifiedCard(ctx, { token, deviceId: payer.deviceId!, phone: order.phone!, pin: save.pin })) ?? null;
    if (!saved) await removeTokenAtPayme(ctx, token, "card not saved");
  }
  return { ...paid, saved };
}

/** Whether the card form can work at all: Payme's cashbox id and key are set. */
export async function cardPaymentsAvailable(ctx: CardPaymentsContext): Promise<boolean> {
  return (await cashboxFor(ctx)) !== undefined;
}
