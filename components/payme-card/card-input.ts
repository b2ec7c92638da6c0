import type { PlainMessageKey } from "@/lib/i18n/types";
import { passesLuhn } from "@/lib/payments/card-number";

/**
 * What the card form checks before anything leaves the browser, so a typo is caught at once and
 * never costs an SMS. Pure functions: the values live in the browser only.
 */
export const digitsOnly = (value: string) => value.replace(/\D/g, "");

/** `8600069195406311` → `8600 0691 9540 6311` (at most 16 digits). */
export function formatCardNumber(value: string): string {
  return digitsOnly(value)
    .slice(0, 16)
    .replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** `03`, `039`, `0399` → `03/`, `03/9`, `03/99`; a first digit above 1 means a one-digit month (`3` → `03/`). */
export function formatExpiry(value: string, previous = ""): string {
  let digits = digitsOnly(value).slice(0, 4);
  if (digits.length === 1 && Number(digits) > 1) digits = `0${digits}`;
  // Deleting the slash deletes the month's last digit, as the shopper expects.
  if (previous.endsWith("/") && value === previous.slice(0, -1)) return digits.slice(0, 1);
  if (digits.length < 2) return digits;
  return `${digits.slice(0, 2)}/${digits.slice(2)}`;
}

export type CardFieldErrors = Partial<Record<"number" | "expiry" | "pin" | "pinRepeat", PlainMessageKey>>;

export function validateCardNumber(value: string): PlainMessageKey | undefined {
  const digits = digitsOnly(value);
  if (digits.length !== 16) return "card.error.number";
  if (!passesLuhn(digits)) return "card.error.luhn";
  return undefined;
}

/** MM/YY, valid through the end of its month: `03/99` is March 2099. */
export function validateExpiry(value: string, now: Date = new Date()): PlainMessageKey | undefined {
  const match = /^(\d{2})\/?(\d{2})$/.exec(value.trim());
  if (!match) return "card.error.expiry";
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  if (month < 1 || month > 12) return "card.error.expiry";
  const current = now.getFullYear() * 12 + now.getMonth();
  if (year * 12 + (month - 1) < current) return "card.error.expired";
  return undefined;
}

export function validatePin(pin: string, repeat: string): Pick<CardFieldErrors, "pin" | "pinRepeat"> {
  if (!/^\d{4}$/.test(pin)) return { pin: "card.error.pin" };
  if (repeat !== pin) return { pinRepeat: "card.error.pinRepeat" };
  return {};
}

export function validateCardForm(values: { number: string; expiry: string; save: boolean; pin: string; pinRepeat: string }, now?: Date): CardFieldErrors {
  const errors: CardFieldErrors = {};
  const number = validateCardNumber(values.number);
  if (number) errors.number = number;
  const expiry = validateExpiry(values.expiry, now);
  if (expiry) errors.expiry = expiry;
  if (values.save) Object.assign(errors, validatePin(values.pin, values.pinRepeat));
  return errors;
}

export function validateCode(code: string): PlainMessageKey | undefined {
  return /^\d{6}$/.test(code) ? undefined : "card.error.code";
}

/** `65` → `1:05`. */
export function formatSeconds(total: number): string {
  const seconds = Math.max(0, Math.ceil(total));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
