/**
 * Robokassa's amounts at the edge: roubles as decimal strings outside, integer kopeks inside.
 * No floats: the CBU rate (UZS per 1 RUB, a decimal string — lib/money/exchange-rates.ts) is read
 * as a fraction of bigints.
 */

/** The part of lib/money's `ExchangeRate` this needs: UZS per 1 RUB, exact decimal string. */
export type RubRate = { rate: string };

function parseRate(rate: string): { units: bigint; scale: bigint } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!match) throw new RangeError(`Not a decimal rate: ${JSON.stringify(rate)}`);
  const fraction = match[2] ?? "";
  const units = BigInt(match[1]! + fraction);
  if (units === 0n) throw new RangeError("The RUB rate must be positive");
  return { units, scale: BigInt(fraction.length) };
}

/**
 * Kopeks to ask for `tiyin`: tiyin ÷ rate (both currencies have two minor digits), rounded up to
 * the kopek so the shop never receives less than the outstanding amount.
 * Throws RangeError for a non-positive amount or a malformed rate (programming errors: the
 * amount comes from the ledger and the rate was validated when fetched).
 */
export function outSumKopeksFromTiyin(tiyin: bigint, rubRate: RubRate): bigint {
  if (tiyin <= 0n) throw new RangeError("Robokassa amount must be a positive number of tiyin");
  const { units, scale } = parseRate(rubRate.rate);
  const numerator = tiyin * 10n ** scale;
  return (numerator + units - 1n) / units;
}

/** `12345n` → `"123.45"`: the OutSum we send (two decimals, dot separator). */
export function formatOutSum(kopeks: bigint): string {
  if (kopeks < 0n) throw new RangeError("OutSum cannot be negative");
  const digits = kopeks.toString().padStart(3, "0");
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export type ParsedOutSum =
  | { ok: true; kopeks: bigint }
  | { ok: false; reason: "malformed" | "fraction_of_kopek" };

/** At most 2^63−1 kopeks: anything longer is not an amount Robokassa sends. */
const OUT_SUM = /^(\d{1,17})(?:\.(\d{1,8}))?$/;

/**
 * An OutSum as received (`"100.26"`, `"100.260000"` — live notifications send six decimals) to
 * kopeks, numerically. A value with a non-zero digit below the kopek is no amount we asked for.
 * Never used to build the signature text: that hashes the string exactly as received.
 */
export function parseOutSum(text: string): ParsedOutSum {
  const match = OUT_SUM.exec(text);
  if (!match) return { ok: false, reason: "malformed" };
  const fraction = match[2] ?? "";
  if (/[1-9]/.test(fraction.slice(2))) return { ok: false, reason: "fraction_of_kopek" };
  return { ok: true, kopeks: BigInt(match[1]!) * 100n + BigInt(fraction.slice(0, 2).padEnd(2, "0")) };
}
