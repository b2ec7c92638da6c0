import type { ClickMerchantClient, ClickRefusal, PaymentStatus } from "./merchant-api";
import { ClickMerchantApiError } from "./merchant-api";

/**
 * Click as a reconciliation source (issue 11 §5). Click has no list call, so for each Prepare
 * we recorded in the period we ask `payment/status` by its `click_paydoc_id` and map the answer
 * onto the shared record shape (lib/admin/reconciliation/types.ts `ProviderRecord`, repeated
 * here structurally so the provider folder does not import the admin).
 */

export type ClickPreparedAttempt = {
  clickTransId: bigint;
  clickPaydocId: bigint;
  orderNumber: number | null;
  /** Tiyin. */
  amount: bigint;
  preparedAt: Date;
};

export type ClickProviderRecord = {
  /** The ledger's reference for a Click payment: click_trans_id. */
  reference: string;
  orderNumber: number | null;
  amount: bigint;
  state: "paid" | "refunded" | "refunding" | "held" | "unpaid";
  rawState: string;
  at: Date | null;
};

export type ClickSourceFailure = { ok: false; message: { ru: string; uz: string; en: string } };

/**
 * Click's answer for one attempt → a record, or null when Click does not know the payment
 * (then our ledger entry, if any, shows as missing at the provider). payment_status 2 is
 * money taken; 0 and 1 are not (yet); below 0 is an error, a cancellation or a reversal —
 * Click's status does not tell these apart, so a reversed payment reads as unpaid.
 */
export function clickRecordOf(attempt: ClickPreparedAttempt, status: PaymentStatus | ClickRefusal): ClickProviderRecord | null {
  if (!status.ok) return null;
  return {
    reference: String(attempt.clickTransId),
    orderNumber: attempt.orderNumber,
    amount: attempt.amount,
    state: status.paymentStatus === 2 ? "paid" : "unpaid",
    rawState: `payment_status ${status.paymentStatus}`,
    at: attempt.preparedAt,
  };
}

const unreachable = {
  ru: "Click не ответил на запрос статуса платежей. Повторите сверку позже.",
  uz: "Click to'lovlar holati so'roviga javob bermadi. Solishtirishni keyinroq takrorlang.",
  en: "Click did not answer the payment status requests. Run the reconciliation again later.",
};

/**
 * Records for every attempt, asking Click at most `concurrency` at a time (default 4: Click's
 * API is shared with the live cashbox). Any HTTP failure fails the whole source: a partial
 * report would show false differences.
 */
export async function fetchClickRecords(
  client: Pick<ClickMerchantClient, "paymentStatus">,
  attempts: readonly ClickPreparedAttempt[],
  concurrency = 4,
): Promise<{ ok: true; records: ClickProviderRecord[] } | ClickSourceFailure> {
  const records: (ClickProviderRecord | null)[] = new Array(attempts.length).fill(null);
  let next = 0;
  let failed = false;
  async function worker(): Promise<void> {
    while (!failed && next < attempts.length) {
      const index = next++;
      const attempt = attempts[index]!;
      try {
        records[index] = clickRecordOf(attempt, await client.paymentStatus(attempt.clickPaydocId));
      } catch (error) {
        if (!(error instanceof ClickMerchantApiError)) throw error;
        failed = true;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, attempts.length)) }, () => worker()));
  if (failed) return { ok: false, message: unreachable };
  return { ok: true, records: records.filter((record): record is ClickProviderRecord => record !== null) };
}
