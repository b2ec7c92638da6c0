import type { ReceiptError, ReceiptFailure } from "../receipts/outcome";
import { paymeText } from "../messages";
import type { LocalizedText } from "../subscribe/errors";

/**
 * Failures of the card form's own steps (saved cards, PINs, invoices, sandbox QA), in the same
 * shape as the receipts domain's: a code for the UI's decisions and a sentence in each language.
 */
export type CardErrorCode =
  /** Wrong PIN; `attemptsLeft` says how many remain before the card is deleted. */
  | "wrong_pin"
  /** The third wrong PIN: the card was deleted here and at Payme. */
  | "pin_locked"
  /** Payme no longer accepts the saved card (expired, blocked, removed): it was deleted. */
  | "card_removed"
  /** No such saved card for this browser and phone. */
  | "card_not_found"
  /** Saving a card needs the order's phone. */
  | "no_phone"
  /** A payment link was sent a moment ago. */
  | "invoice_too_soon"
  /** Too many payment attempts for the order in a minute (lib/http/rate-limit.ts); `retryAfterSeconds` says when. */
  | "too_many_attempts"
  /** Sandbox-only QA actions in another mode. */
  | "sandbox_only"
  /** The order has no receipt in the state the QA action needs. */
  | "no_receipt";

export type CardError = { code: CardErrorCode; message: LocalizedText; attemptsLeft?: number; retryAfterSeconds?: number };
export type CardFailure = { ok: false; error: CardError | ReceiptError };

// The sentences live in ../messages.ts (ru, uz, en checked together).
const messages: Record<Exclude<CardErrorCode, "wrong_pin">, LocalizedText> = {
  pin_locked: paymeText("card.pin_locked"),
  card_removed: paymeText("card.card_removed"),
  card_not_found: paymeText("card.card_not_found"),
  no_phone: paymeText("card.no_phone"),
  invoice_too_soon: paymeText("card.invoice_too_soon"),
  too_many_attempts: paymeText("card.too_many_attempts"),
  sandbox_only: paymeText("card.sandbox_only"),
  no_receipt: paymeText("card.no_receipt"),
};

function wrongPinText(attemptsLeft: number): LocalizedText {
  return paymeText("card.wrong_pin", { attemptsLeft });
}

export function cardFailure(code: Exclude<CardErrorCode, "wrong_pin">, retryAfterSeconds?: number): CardFailure {
  return { ok: false, error: { code, message: messages[code], ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) } };
}

export function wrongPin(attemptsLeft: number): CardFailure {
  return { ok: false, error: { code: "wrong_pin", message: wrongPinText(attemptsLeft), attemptsLeft } };
}

export function fromReceiptFailure(failure: ReceiptFailure): CardFailure {
  return { ok: false, error: failure.error };
}
