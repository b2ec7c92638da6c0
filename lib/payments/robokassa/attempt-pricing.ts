import type { ExchangeRate } from "../../money/exchange-rates";
import { outSumKopeksFromTiyin } from "./out-sum";
import { buildRobokassaReceipt, type ReceiptSourceItem, type RobokassaReceiptDefaults } from "./receipt";

/**
 * Prices a Robokassa payment attempt (issue 12, item 1): OutSum for the outstanding tiyin at the
 * CBU RUB rate, and the Receipt that adds up to it. Pure: the caller stores the attempt (InvId,
 * order number, tiyin, rate, kopeks) before showing the link.
 */
export type PriceAttemptInput = {
  /** Outstanding tiyin (amount − paidAmount), the amount the attempt covers. */
  outstanding: bigint;
  /** lib/money's RUB rate: UZS per 1 RUB and where it came from. */
  rate: ExchangeRate;
  /** The provider's mode: live refuses the offline fallback rate. */
  live: boolean;
  /** The order's lines (tiyin totals); the Receipt shares OutSum over them. */
  items: readonly ReceiptSourceItem[];
  /** Receipt defaults from the admin; no Receipt without them. */
  receiptDefaults?: RobokassaReceiptDefaults;
};

export type PricedAttempt = {
  /** Tiyin. */
  amount: bigint;
  /** Kopeks. */
  outSum: bigint;
  /** The rate used, stored with the attempt. */
  rate: string;
  rateDate: string;
  /** True when only the offline fallback rate was known (sandbox and test mode say so). */
  fallbackRate: boolean;
  receiptJson?: string;
};

export type PriceAttemptResult =
  | { ok: true; attempt: PricedAttempt }
  | { ok: false; reason: "nothing_outstanding" | "not_rub_rate" | "fallback_rate_in_live" | "receipt_unbuildable"; detail?: string };

export function priceRobokassaAttempt(input: PriceAttemptInput): PriceAttemptResult {
  if (input.outstanding <= 0n) return { ok: false, reason: "nothing_outstanding" };
  if (input.rate.currency !== "RUB") return { ok: false, reason: "not_rub_rate" };
  const fallbackRate = input.rate.source === "fallback";
  if (fallbackRate && input.live) return { ok: false, reason: "fallback_rate_in_live" };
  const outSum = outSumKopeksFromTiyin(input.outstanding, input.rate);
  let receiptJson: string | undefined;
  if (input.receiptDefaults) {
    const receipt = buildRobokassaReceipt(input.items, outSum, input.receiptDefaults);
    if (!receipt.ok) return { ok: false, reason: "receipt_unbuildable", detail: receipt.reason };
    receiptJson = receipt.json;
  }
  return {
    ok: true,
    attempt: { amount: input.outstanding, outSum, rate: input.rate.rate, rateDate: input.rate.date, fallbackRate, receiptJson },
  };
}

/** An open attempt is reused while the outstanding amount and the rate are unchanged (else a new InvId). */
export function canReuseAttempt(stored: { amount: bigint; rate: string }, outstanding: bigint, rate: ExchangeRate): boolean {
  return stored.amount === outstanding && stored.rate === rate.rate;
}
