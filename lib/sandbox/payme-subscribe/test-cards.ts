/**
 * Payme's test cards (protocol file "Test cards": expiry 03/99, SMS code 666666) and where each
 * failing one fails in this emulator. README.md holds the same table for people.
 */
export type CardBehaviour = "ok" | "sms_not_connected" | "expired" | "blocked" | "system_error" | "slow_error";

export type CardFailure = {
  /** The Subscribe method that fails. */
  step: "cards.create" | "cards.get_verify_code" | "receipts.pay";
  code: number;
  /** Sent as the error's `data`, so the client can name the reason. */
  data?: string;
};

export type TestCard = {
  behaviour: CardBehaviour;
  /** Masked phone the SMS goes to (`99890*****31`). */
  phone: string;
  failure?: CardFailure;
};

export const TEST_CARD_EXPIRE = "0399";
export const TEST_SMS_CODE = "666666";
export const SLOW_CARD_DELAY_MS = 10_000;

export const testCards: Readonly<Record<string, TestCard>> = {
  "8600069195406311": { behaviour: "ok", phone: "99890*****31" },
  "8600495473316478": { behaviour: "ok", phone: "99893*****78" },
  "8600060921090842": {
    behaviour: "sms_not_connected",
    phone: "",
    failure: { step: "cards.get_verify_code", code: -31301, data: "sms_not_connected" },
  },
  "3333336415804657": { behaviour: "expired", phone: "99897*****57", failure: { step: "cards.create", code: -31301, data: "card_expired" } },
  "4444445987459073": { behaviour: "blocked", phone: "99894*****73", failure: { step: "cards.create", code: -31301, data: "card_blocked" } },
  // The debit fails after the billing's Check + Create: the transaction is cancelled (reason 2).
  "8600143417770323": { behaviour: "system_error", phone: "99891*****23", failure: { step: "receipts.pay", code: -32400 } },
  // The processing answers after SLOW_CARD_DELAY_MS, with an error; the same cancel follows.
  "8600134301849596": { behaviour: "slow_error", phone: "99899*****96", failure: { step: "receipts.pay", code: -31002, data: "timeout" } },
};

/** `860006******6311`, as Payme masks card numbers in its answers. */
export function maskCardNumber(digits: string): string {
  return `${digits.slice(0, 6)}${"*".repeat(Math.max(0, digits.length - 10))}${digits.slice(-4)}`;
}

/** UZCARD (8600…) releases a hold by itself after 30 days; HUMO (9860…) then allows only confirm. */
export function cardNetwork(digits: string): "uzcard" | "humo" | "other" {
  if (digits.startsWith("8600")) return "uzcard";
  if (digits.startsWith("9860")) return "humo";
  return "other";
}

/** Where a card with this behaviour fails, if it does. */
export function failureOf(behaviour: CardBehaviour): CardFailure | undefined {
  return Object.values(testCards).find((card) => card.behaviour === behaviour)?.failure;
}
