import { z } from "zod";
import { failure } from "../receipts/outcome";
import { payReceipt } from "../receipts/pay-receipt";
import { SubscribeError } from "../subscribe/errors";
import { cashboxFor, findOrderContact, logLine, type CardPaymentsContext } from "./context";
import { deviceHash } from "./device-id";
import { cardFailure, wrongPin, type CardFailure } from "./outcome";
import { startCardPayment, type CardPaymentResult, type PayerContext } from "./pay-with-new-card";
import { pinSchema, verifyPin } from "./pin-hash";
import { removeTokenAtPayme } from "./save-card";
import { deleteSavedCard, findSavedCard, markSavedCardUsed, resetPinAttempts, takePinAttempt, type SavedCardRow } from "./saved-card-rows";
import { openCard } from "./sealed-card";

/** Payme's advice: after three wrong PINs the token is deleted. */
export const PIN_ATTEMPTS = 3;

export const payWithSavedCardInput = z.object({
  orderId: z.string().min(1).max(64),
  cardId: z.string().min(1).max(64),
  pin: z.string().max(16),
  hold: z.boolean().optional(),
});

/** Deletes the card here and its token at Payme. */
async function forgetCard(ctx: CardPaymentsContext, row: SavedCardRow, token: string | undefined, why: string): Promise<void> {
  await deleteSavedCard(ctx.sql, row.id);
  if (token) await removeTokenAtPayme(ctx, token, why);
  logLine(ctx, `saved card ${row.id} deleted: ${why}`);
}

/** The card of this browser and phone, after its PIN: the token, or why not. */
async function unlockCard(
  ctx: CardPaymentsContext,
  input: { cardId: string; pin: string; deviceId: string | undefined; phone: string | null },
): Promise<{ ok: true; row: SavedCardRow; token: string } | CardFailure> {
  if (!input.deviceId || !input.phone) return cardFailure("card_not_found");
  const row = await findSavedCard(ctx.sql, input.cardId, deviceHash(input.deviceId), input.phone);
  if (!row) return cardFailure("card_not_found");
  const sealed = openCard(row.id, row.sealed, ctx.appSecret);

  const attempt = await takePinAttempt(ctx.sql, row.id, PIN_ATTEMPTS);
  if (attempt === undefined) {
    await forgetCard(ctx, row, sealed?.token, "PIN attempts used up");
    return cardFailure("pin_locked");
  }
  const right = pinSchema.safeParse(input.pin).success && (await verifyPin(input.pin, row.pinHash));
  if (!right) {
    if (attempt >= PIN_ATTEMPTS) {
      await forgetCard(ctx, row, sealed?.token, "third wrong PIN");
      return cardFailure("pin_locked");
    }
    return wrongPin(PIN_ATTEMPTS - attempt);
  }
  await resetPinAttempts(ctx.sql, row.id);
  if (!sealed) {
    // APP_SECRET changed or the row was tampered with: the token is lost to us.
    await forgetCard(ctx, row, undefined, "sealed token does not open");
    return cardFailure("card_removed");
  }
  return { ok: true, row, token: sealed.token };
}

/**
 * Pays the order with a saved card: this browser's card for the order's phone, its PIN (three
 * wrong ones delete the card and its token), then cards.check — a token Payme no longer accepts
 * deletes the card — then a new receipt and receipts.pay. Nothing of the card comes from the
 * browser but its id and the PIN.
 */
export async function payWithSavedCard(
  ctx: CardPaymentsContext,
  input: z.input<typeof payWithSavedCardInput>,
  payer: PayerContext,
): Promise<CardPaymentResult> {
  const parsed = payWithSavedCardInput.safeParse(input);
  if (!parsed.success) return failure("invalid_input");
  const { orderId, cardId, pin, hold } = parsed.data;
  const order = await findOrderContact(ctx.sql, orderId);
  if (!order) return failure("order_not_found");
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return failure("not_configured");

  const unlocked = await unlockCard(ctx, { cardId, pin, deviceId: payer.deviceId, phone: order.phone });
  if (!unlocked.ok) return unlocked;
  const { row, token } = unlocked;

  try {
    const { card } = await cashbox.client.cardsCheck(token);
    if (!card.verify) {
      await forgetCard(ctx, row, token, "Payme reports the card unverified");
      return cardFailure("card_removed");
    }
  } catch (error) {
    if (!(error instanceof SubscribeError)) throw error;
    logLine(ctx, `cards.check of saved card ${row.id} failed: ${error.kind} ${error.code}`);
    if (error.kind !== "rpc") return { ok: false, error: { code: "payme_error", message: error.localized, subscribeCode: error.code } };
    await forgetCard(ctx, row, token, `cards.check answered ${error.code}`);
    return cardFailure("card_removed");
  }

  const receipt = await startCardPayment(ctx, { orderId, hold });
  if (!receipt.ok) return receipt;
  const paid = await payReceipt(ctx, {
    orderId,
    receiptId: receipt.receipt.id,
    token,
    payer: { ...(order.phone ? { phone: order.phone } : {}), ...(payer.ip ? { ip: payer.ip } : {}) },
  });
  if (!paid.ok) return paid;
  await markSavedCardUsed(ctx.sql, row.id);
  return { ...paid, saved: null };
}
