/**
 * Click speaks sums as decimal strings (`15000`, `15000.0`, `15000.00`); we keep tiyin as
 * bigint (1 sum = 100 tiyin). Conversions happen here, at the edge, and nowhere else.
 */

/** Larger than any real payment (a trillion sum); keeps parsed values far inside BIGINT. */
export const MAX_CLICK_AMOUNT_TIYIN = 100_000_000_000_000n;

export type ClickAmountParse =
  | { ok: true; tiyin: bigint }
  | { ok: false; reason: "format" | "too_many_decimals" | "not_positive" | "too_large" };

// Digits, an optional point and at most 2 decimals; no sign, exponent, spaces or commas.
const SHAPE = /^(\d+)(?:\.(\d+))?$/;

/**
 * A Click `amount` string → tiyin. `15000`, `15000.0`, `15000.00` are all 1 500 000 tiyin.
 * Refused: more than 2 decimals, a sign, exponent forms (`1.5e4`), leading zeros (`015000`),
 * a bare point, zero, and sums from MAX_CLICK_AMOUNT_TIYIN up.
 */
export function parseClickAmount(raw: string): ClickAmountParse {
  const match = SHAPE.exec(raw);
  if (!match) return { ok: false, reason: "format" };
  const whole = match[1]!;
  const fraction = match[2] ?? "";
  if (whole.length > 1 && whole.startsWith("0")) return { ok: false, reason: "format" };
  if (fraction.length > 2) return { ok: false, reason: "too_many_decimals" };
  // Cheap guard before BigInt: 16 whole digits are already beyond the limit.
  if (whole.length > 15) return { ok: false, reason: "too_large" };
  const tiyin = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0") || "0");
  if (tiyin <= 0n) return { ok: false, reason: "not_positive" };
  if (tiyin >= MAX_CLICK_AMOUNT_TIYIN) return { ok: false, reason: "too_large" };
  return { ok: true, tiyin };
}

/** Tiyin → Click's `N.NN` sum (`1500000n` → `"15000.00"`). Throws on a negative amount (a bug, not input). */
export function formatClickAmount(tiyin: bigint): string {
  if (tiyin < 0n) throw new RangeError("a Click amount cannot be negative");
  const fraction = (tiyin % 100n).toString().padStart(2, "0");
  return `${tiyin / 100n}.${fraction}`;
}
