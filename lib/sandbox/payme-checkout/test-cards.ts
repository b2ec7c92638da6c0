import { maskCardNumber, TEST_CARD_MONTH, TEST_CARD_YEAR, testCards as cards, type CardBehaviour } from "../payme-test-cards";

export { SLOW_CARD_DELAY_MS, TEST_SMS_CODE, type CardBehaviour } from "../payme-test-cards";

/** The hosted page's form of the test cards' expiry (lib/sandbox/payme-test-cards.ts): `03/99`. */
export const TEST_CARD_EXPIRY = `${TEST_CARD_MONTH}/${TEST_CARD_YEAR}`;
/** Wrong SMS codes before the page gives up. */
export const MAX_SMS_ATTEMPTS = 3;

/** Card number → what Payme's test platform does with it. */
export const testCards: Readonly<Record<string, CardBehaviour>> = Object.fromEntries(Object.entries(cards).map(([number, card]) => [number, card.behaviour]));

/** Fails before the SMS step: no transaction is created, the order stays payable. */
export const failsBeforeSms: ReadonlySet<CardBehaviour> = new Set(["sms_not_connected", "expired", "blocked"]);

export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, "");
}

/** `0323` / `03/23` / `03 / 23` → `03/23`; anything else undefined. */
export function normalizeExpiry(input: string): string | undefined {
  const match = /^\s*(\d{2})\s*\/?\s*(\d{2})\s*$/.exec(input);
  if (!match) return undefined;
  const month = Number(match[1]);
  return month >= 1 && month <= 12 ? `${match[1]}/${match[2]}` : undefined;
}

/** `8600 06** **** 6311`: what the emulator keeps and shows (never the whole number). */
export function maskCard(number: string): string {
  const digits = normalizeCardNumber(number);
  if (digits.length < 10) return "****";
  return maskCardNumber(digits).replace(/(.{4})/g, "$1 ").trim();
}
