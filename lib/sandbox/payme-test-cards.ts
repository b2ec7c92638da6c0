/**
 * Payme's test cards (protocol file "Test cards": expiry 03/99, SMS code 666666), one table for
 * both Payme emulators — the hosted checkout (payme-checkout/) and the Subscribe API
 * (payme-subscribe/) — so a card behaves the same on either. Each emulator says where its
 * failing cards fail (its own test-cards.ts).
 */
export type CardBehaviour =
  /** Debited normally. */
  | "ok"
  /** SMS notifications are not connected: refused before the code is sent. */
  | "sms_not_connected"
  | "expired"
  | "blocked"
  /** The debit fails after the billing's CreateTransaction: Payme cancels with reason 2. */
  | "system_error"
  /** The processing answers after SLOW_CARD_DELAY_MS, with an error (cancel, reason 2). */
  | "slow_error";

export type TestCard = {
  behaviour: CardBehaviour;
  /** The masked phone the SMS goes to (`99890*****31`); empty when SMS is not connected. */
  phone: string;
};

/** The expiry every test card takes, month and year (`03/99`; the Subscribe API's MMYY is `0399`). */
export const TEST_CARD_MONTH = "03";
export const TEST_CARD_YEAR = "99";
export const TEST_SMS_CODE = "666666";
export const SLOW_CARD_DELAY_MS = 10_000;

export const testCards: Readonly<Record<string, TestCard>> = {
  "8600069195406311": { behaviour: "ok", phone: "99890*****31" },
  "8600495473316478": { behaviour: "ok", phone: "99893*****78" },
  "8600060921090842": { behaviour: "sms_not_connected", phone: "" },
  "3333336415804657": { behaviour: "expired", phone: "99897*****57" },
  "4444445987459073": { behaviour: "blocked", phone: "99894*****73" },
  "8600143417770323": { behaviour: "system_error", phone: "99891*****23" },
  "8600134301849596": { behaviour: "slow_error", phone: "99899*****96" },
};

/** `860006******6311`: the first six and last four digits, as Payme masks card numbers. */
export function maskCardNumber(digits: string): string {
  return `${digits.slice(0, 6)}${"*".repeat(Math.max(0, digits.length - 10))}${digits.slice(-4)}`;
}
