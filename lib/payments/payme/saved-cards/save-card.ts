import { randomBytes } from "node:crypto";
import { SubscribeError } from "../subscribe/errors";
import { cashboxFor, logLine, type CardPaymentsContext } from "./context";
import { deviceHash } from "./device-id";
import { hashPin } from "./pin-hash";
import { insertSavedCard } from "./saved-card-rows";
import { sealCard } from "./sealed-card";

/** What the shopper sees of a saved card: Payme's masked number and the expiry Payme gave. */
export type SavedCardView = { id: string; number: string; expire: string };

/**
 * Keeps a verified, reusable token for this browser and phone, under the shopper's PIN. The
 * masked number and expiry come from Payme (cards.check), never from the browser. Undefined
 * when Payme does not vouch for the token as a reusable, verified card.
 */
export async function saveVerifiedCard(
  ctx: CardPaymentsContext,
  input: { token: string; deviceId: string; phone: string; pin: string },
): Promise<SavedCardView | undefined> {
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return undefined;
  let card;
  try {
    ({ card } = await cashbox.client.cardsCheck(input.token));
  } catch (error) {
    if (!(error instanceof SubscribeError)) throw error;
    logLine(ctx, `cards.check before saving a card failed: ${error.kind} ${error.code}`);
    return undefined;
  }
  if (!card.verify || !card.recurrent) {
    logLine(ctx, `a card was not saved: Payme reports verify=${card.verify} recurrent=${card.recurrent}`);
    return undefined;
  }
  const id = randomBytes(16).toString("base64url");
  await insertSavedCard(ctx.sql, {
    id,
    deviceHash: deviceHash(input.deviceId),
    phone: input.phone,
    sealed: sealCard(id, { token: input.token, expire: card.expire }, ctx.appSecret),
    maskedNumber: card.number,
    pinHash: await hashPin(input.pin),
  });
  return { id, number: card.number, expire: card.expire };
}

/** cards.remove, best effort: the row goes either way, and a token we no longer hold is useless to anyone. */
export async function removeTokenAtPayme(ctx: CardPaymentsContext, token: string, why: string): Promise<void> {
  const cashbox = await cashboxFor(ctx);
  if (!cashbox) return;
  try {
    await cashbox.client.cardsRemove(token);
  } catch (error) {
    if (!(error instanceof SubscribeError)) throw error;
    // -31400: Payme no longer has it, which is what we wanted.
    if (error.code !== -31400) logLine(ctx, `cards.remove (${why}) failed: ${error.kind} ${error.code}`);
  }
}
