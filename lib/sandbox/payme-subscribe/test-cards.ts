import { TEST_CARD_MONTH, TEST_CARD_YEAR, testCards, type CardBehaviour } from "../payme-test-cards";

export { maskCardNumber, SLOW_CARD_DELAY_MS, TEST_SMS_CODE, testCards, type CardBehaviour, type TestCard } from "../payme-test-cards";

/**
 * Where each failing test card (lib/sandbox/payme-test-cards.ts) fails in the Subscribe
 * emulator. README.md holds the same table for people.
 */
export type CardFailure = {
  /** The Subscribe method that fails. */
  step: "cards.create" | "cards.get_verify_code" | "receipts.pay";
  code: number;
  /** Sent as the error's `data`, so the client can name the reason. */
  data?: string;
};

/** The Subscribe API's MMYY form of the test cards' expiry (`0399`). */
export const TEST_CARD_EXPIRE = `${TEST_CARD_MONTH}${TEST_CARD_YEAR}`;

const failures: Partial<Record<CardBehaviour, CardFailure>> = {
  sms_not_connected: { step: "cards.get_verify_code", code: -31301, data: "sms_not_connected" },
  expired: { step: "cards.create", code: -31301, data: "card_expired" },
  blocked: { step: "cards.create", code: -31301, data: "card_blocked" },
  // The debit fails after the billing's Check + Create: the transaction is cancelled (reason 2).
  system_error: { step: "receipts.pay", code: -32400 },
  // The processing answers after SLOW_CARD_DELAY_MS, with an error; the same cancel follows.
  slow_error: { step: "receipts.pay", code: -31002, data: "timeout" },
};

/** Where a card with this behaviour fails, if it does. */
export function failureOf(behaviour: CardBehaviour): CardFailure | undefined {
  return failures[behaviour];
}

/** UZCARD (8600…) releases a hold by itself after 30 days; HUMO (9860…) then allows only confirm. */
export function cardNetwork(digits: string): "uzcard" | "humo" | "other" {
  if (digits.startsWith("8600")) return "uzcard";
  if (digits.startsWith("9860")) return "humo";
  return "other";
}

/** Every test card's number (for tests). */
export const testCardNumbers = Object.keys(testCards);
