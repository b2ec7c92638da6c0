import { z } from "zod";

export const currencySchema = z.enum(["UZS", "USD", "EUR", "RUB"]);

export type Currency = z.infer<typeof currencySchema>;

export type MoneyLocale = "ru" | "uz" | "en";

// Digit counts (string lengths), never amounts: amounts stay bigint.
const MINOR_UNIT_DIGITS: Record<Currency, number> = { UZS: 2, USD: 2, EUR: 2, RUB: 2 };

const NO_BREAK_SPACE = "\u00a0";

export type MoneyParseErrorCode = "empty" | "invalid_format" | "too_many_decimals";

export class MoneyParseError extends Error {
  readonly code: MoneyParseErrorCode;
  readonly input: string;

  constructor(code: MoneyParseErrorCode, input: string) {
    super(`${describeParseError(code)}: ${JSON.stringify(input)}`);
    this.name = "MoneyParseError";
    this.code = code;
    this.input = input;
  }
}

function describeParseError(code: MoneyParseErrorCode): string {
  switch (code) {
    case "empty":
      return "Amount is empty";
    case "invalid_format":
      return "Amount is not a number like 1 250 000 or 1250000.50";
    case "too_many_decimals":
      return "Amount has more than two decimal places";
  }
}

type Affixes = { prefix: string; suffix: string };

function unitAffixes(currency: Currency, locale: MoneyLocale, space: string): Affixes {
  if (locale === "en") {
    switch (currency) {
      case "UZS":
        return { prefix: `UZS${space}`, suffix: "" };
      case "USD":
        return { prefix: "$", suffix: "" };
      case "EUR":
        return { prefix: "€", suffix: "" };
      case "RUB":
        return { prefix: `RUB${space}`, suffix: "" };
    }
  }
  switch (currency) {
    case "UZS":
      return { prefix: "", suffix: `${space}${locale === "uz" ? "so'm" : "сум"}` };
    case "USD":
      return { prefix: "", suffix: `${space}$` };
    case "EUR":
      return { prefix: "", suffix: `${space}€` };
    case "RUB":
      return { prefix: "", suffix: `${space}₽` };
  }
}

function groupThousands(digits: string, separator: string): string {
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3) {
    groups.unshift(digits.slice(Math.max(0, end - 3), end));
  }
  return groups.join(separator);
}

function renderMoney(minor: bigint, currency: Currency, locale: MoneyLocale, space: string): string {
  const digits = MINOR_UNIT_DIGITS[currency];
  const scale = 10n ** BigInt(digits);
  const magnitude = minor < 0n ? -minor : minor;
  const whole = magnitude / scale;
  const fraction = magnitude % scale;

  const groupSeparator = locale === "en" ? "," : space;
  const decimalSeparator = locale === "en" ? "." : ",";
  // Sums are whole so'm almost always, so UZS hides a zero fraction; foreign prices always show cents.
  const showFraction = digits > 0 && (currency !== "UZS" || fraction !== 0n);

  let amount = groupThousands(whole.toString(), groupSeparator);
  if (showFraction) {
    amount += decimalSeparator + fraction.toString().padStart(digits, "0");
  }

  const { prefix, suffix } = unitAffixes(currency, locale, space);
  const sign = minor < 0n ? "-" : "";
  return `${sign}${prefix}${amount}${suffix}`;
}

/**
 * Formats minor units for display. Spaces (thousands groups and before/after the unit) are
 * U+00A0 NO-BREAK SPACE so an amount never wraps across lines; use `formatMoneyPlain` where
 * plain ASCII spaces are needed (tests, e2e text matching, plain-text e-mails).
 */
export function formatMoney(minor: bigint, currency: Currency, locale: MoneyLocale): string {
  return renderMoney(minor, currency, locale, NO_BREAK_SPACE);
}

/** Same as `formatMoney`, with ordinary ASCII spaces instead of no-break spaces. */
export function formatMoneyPlain(minor: bigint, currency: Currency, locale: MoneyLocale): string {
  return renderMoney(minor, currency, locale, " ");
}

// Whitespace (including no-break and thin spaces) may only group thousands; "," and "." are
// both read as the decimal mark, so "1,250,000" is rejected rather than guessed at.
const HUMAN_AMOUNT = /^(\d{1,3}(?:\s\d{3})+|\d+)(?:[.,](\d+))?$/;

/**
 * Parses a typed amount ("1 250 000", "1250000.5", "1 250 000,50", "-12.5") into minor units
 * exactly. Throws `MoneyParseError` on empty input, anything else than digits with optional
 * thousands spaces and one decimal mark, or more decimals than the currency has.
 */
export function parseMoney(input: string, currency: Currency): bigint {
  const trimmed = input.trim();
  if (trimmed === "") {
    throw new MoneyParseError("empty", input);
  }

  const negative = trimmed.startsWith("-") || trimmed.startsWith("\u2212");
  const unsigned = negative ? trimmed.slice(1) : trimmed;
  const match = HUMAN_AMOUNT.exec(unsigned);
  if (!match) {
    throw new MoneyParseError("invalid_format", input);
  }

  const wholeDigits = (match[1] ?? "").replace(/\s/g, "");
  const fractionDigits = match[2] ?? "";
  const digits = MINOR_UNIT_DIGITS[currency];
  if (fractionDigits.length > digits) {
    throw new MoneyParseError("too_many_decimals", input);
  }

  const minor = BigInt(wholeDigits + fractionDigits.padEnd(digits, "0"));
  return negative ? -minor : minor;
}

/** Minor units as a plain decimal string for providers that speak decimals: 125000050n → "1250000.50". */
export function toDecimalString(minor: bigint, fractionDigits = 2): string {
  if (!Number.isInteger(fractionDigits) || fractionDigits < 0) {
    throw new RangeError(`fractionDigits must be a non-negative integer, got ${fractionDigits}`);
  }
  const scale = 10n ** BigInt(fractionDigits);
  const magnitude = minor < 0n ? -minor : minor;
  const sign = minor < 0n ? "-" : "";
  const whole = (magnitude / scale).toString();
  if (fractionDigits === 0) {
    return sign + whole;
  }
  const fraction = (magnitude % scale).toString().padStart(fractionDigits, "0");
  return `${sign}${whole}.${fraction}`;
}

const DECIMAL_STRING = /^-?\d+(\.\d{1,2})?$/;

/** Strict inverse of `toDecimalString` for two-decimal currencies: "1250000.5" → 125000050n. */
export function fromDecimalString(s: string): bigint {
  if (s === "") {
    throw new MoneyParseError("empty", s);
  }
  if (!DECIMAL_STRING.test(s)) {
    throw new MoneyParseError("invalid_format", s);
  }
  const negative = s.startsWith("-");
  const [whole = "", fraction = ""] = (negative ? s.slice(1) : s).split(".");
  const minor = BigInt(whole + fraction.padEnd(2, "0"));
  return negative ? -minor : minor;
}

export function sumMoney(values: readonly bigint[]): bigint {
  let total = 0n;
  for (const value of values) {
    total += value;
  }
  return total;
}
