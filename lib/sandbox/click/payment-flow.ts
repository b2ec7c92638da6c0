import type { ClickPaymentRecord, ClickRecords } from "./records";
import type { ShopApiClient, ShopOutcome } from "./shop-api-client";

/** Click's own code for a declined card (what its Complete carries when the debit fails). */
export const CLICK_INSUFFICIENT_FUNDS = { error: -5017, note: "Insufficient funds" } as const;

export type FlowDeps = {
  records: ClickRecords;
  shop: ShopApiClient;
  now: () => number;
  log: (message: string) => void;
};

export type PaymentResult = { payment: ClickPaymentRecord; warnings: string[] };

function describe(outcome: ShopOutcome): string {
  return outcome.kind === "answer" ? `error ${outcome.answer.error} ${outcome.answer.error_note}` : outcome.detail;
}

/**
 * One payment as Click runs it: Prepare; then, if the store accepted it, the debit and
 * Complete — with error 0 when the shopper paid, or with Click's decline code when the card
 * was declined (`outcome: "failure"`). Runs once per payment (the caller moved it from `new`).
 */
export async function runPayment(deps: FlowDeps, payment: ClickPaymentRecord, outcome: "success" | "failure"): Promise<PaymentResult> {
  const { records, shop, now } = deps;
  const warnings: string[] = [];
  const base = {
    clickTransId: payment.clickTransId,
    clickPaydocId: payment.clickPaydocId,
    serviceId: payment.serviceId,
    merchantTransId: payment.merchantTransId,
    amount: payment.amount,
  };

  const prepare = await shop.call({ ...base, endpoint: "prepare", error: 0, errorNote: "Success" }, payment.id);
  warnings.push(...prepare.warnings);
  if (prepare.outcome.kind !== "answer" || prepare.outcome.answer.error !== 0) {
    const error = prepare.outcome.kind === "answer" ? prepare.outcome.answer.error : undefined;
    records.updatePayment(payment.id, { status: "failed", prepareError: error, note: `Prepare: ${describe(prepare.outcome)}` }, now());
    return { payment: records.getPayment(payment.id)!, warnings };
  }
  const answer = prepare.outcome.answer;
  if (answer.click_trans_id !== BigInt(payment.clickTransId) || !answer.merchant_prepare_id) {
    records.updatePayment(payment.id, { status: "failed", prepareError: answer.error, note: "Prepare: the answer names another transaction or no merchant_prepare_id" }, now());
    return { payment: records.getPayment(payment.id)!, warnings };
  }
  const merchantPrepareId = answer.merchant_prepare_id;
  records.updatePayment(payment.id, { status: "prepared", prepareError: 0, merchantPrepareId }, now());

  const declined = outcome === "failure";
  const complete = await shop.call(
    {
      ...base,
      endpoint: "complete",
      merchantPrepareId,
      error: declined ? CLICK_INSUFFICIENT_FUNDS.error : 0,
      errorNote: declined ? CLICK_INSUFFICIENT_FUNDS.note : "Success",
    },
    payment.id,
  );
  warnings.push(...complete.warnings);
  if (complete.outcome.kind !== "answer") {
    // Click parks the payment for manual handling (protocol file, "Rules").
    records.updatePayment(payment.id, { note: `Complete unanswered, parked: ${complete.outcome.detail}` }, now());
  } else if (declined) {
    records.updatePayment(payment.id, { status: "failed", completeError: complete.outcome.answer.error, note: "card declined (insufficient funds)" }, now());
  } else if (complete.outcome.answer.error === 0) {
    records.updatePayment(
      payment.id,
      { status: "completed", completeError: 0, merchantConfirmId: complete.outcome.answer.merchant_confirm_id ?? undefined, completedAt: now() },
      now(),
    );
  } else {
    // The store refused after the debit: Click returns the money to the shopper.
    records.updatePayment(payment.id, { status: "cancelled", completeError: complete.outcome.answer.error, note: `Complete: ${describe(complete.outcome)}; money returned` }, now());
  }
  if (warnings.length > 0) {
    // A store that answers a repeat differently broke idempotency: QA sees it on the payment.
    const current = records.getPayment(payment.id)!;
    records.updatePayment(payment.id, { note: [current.note, ...warnings].filter(Boolean).join("; ") }, now());
    deps.log(`click: payment ${payment.clickTransId}: ${warnings.join("; ")}`);
  }
  return { payment: records.getPayment(payment.id)!, warnings };
}
