/**
 * Payme's test cards (protocol file "Test cards"): expiry 03/99, SMS code 666666. Each card's
 * behaviour is what Payme's test platform does with it.
 */
export type CardBehaviour =
  /** Debited normally. */
  | "ok"
  /** SMS notifications are not connected: refused before the code is sent. */
  | "sms_not_connected"
  | "expired"
  | "blocked"
  /** The debit fails after CreateTransaction: Payme cancels with reason 2. */
  | "system_error"
  /** The processing answers after a 10-second delay, with an error (cancel, reason 2). */
  | "slow_error";

export const TEST_CARD_EXPIRY = "03/99";
export const TEST_SMS_CODE = "666666";
export const SLOW_CARD_DELAY_MS = 10_000;
export const MAX_SMS_ATTEMPTS = 3;

export const testCards: Readonly<Record<string, CardBehaviour>> = {
  "8600069195406311": "ok",
  "8600495473316478": "ok",
  "8600060921090842": "sms_not_connected",
  "3333336415804657": "expired",
  "4444445987459073": "blocked",
  "8600143417770323": "system_error",
  "8600134301849596": "slow_error",
};

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
  const masked = digits.slice(0, 6) + "*".repeat(digits.length - 10) + digits.slice(-4);
  return masked.replace(/(.{4})/g, "$1 ").trim();
}
