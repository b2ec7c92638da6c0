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

function callbackBase(payment: ClickPaymentRecord) {
  return {
    clickTransId: payment.clickTransId,
    clickPaydocId: payment.clickPaydocId,
    serviceId: payment.serviceId,
    merchantTransId: payment.merchantTransId,
    amount: payment.amount,
  };
}

/** Keeps warnings on the payment (a store that answers a repeat differently broke idempotency). */
function finish(deps: FlowDeps, payment: ClickPaymentRecord, warnings: string[]): PaymentResult {
  if (warnings.length > 0) {
    const current = deps.records.getPayment(payment.id)!;
    deps.records.updatePayment(payment.id, { note: [current.note, ...warnings].filter(Boolean).join("; ") }, deps.now());
    deps.log(`click: payment ${payment.clickTransId}: ${warnings.join("; ")}`);
  }
  return { payment: deps.records.getPayment(payment.id)!, warnings };
}

/**
 * One payment as Click runs it: Prepare; then, if the store accepted it, the debit and
 * Complete — with error 0 when the shopper paid, or with Click's decline code when the card
 * was declined (`outcome: "failure"`). With the "hold Complete" fault the payment stays
 * prepared until QA sends Complete from the cabinet (e.g. after the store's window).
 * Runs once per payment (the caller moved it from `new`).
 */
export async function runPayment(deps: FlowDeps, payment: ClickPaymentRecord, outcome: "success" | "failure"): Promise<PaymentResult> {
  const { records, shop, now } = deps;
  const warnings: string[] = [];
  const prepare = await shop.call({ ...callbackBase(payment), endpoint: "prepare", error: 0, errorNote: "Success" }, payment.id);
  warnings.push(...prepare.warnings);
  if (prepare.outcome.kind !== "answer" || prepare.outcome.answer.error !== 0) {
    const error = prepare.outcome.kind === "answer" ? prepare.outcome.answer.error : undefined;
    records.updatePayment(payment.id, { status: "failed", prepareError: error, note: `Prepare: ${describe(prepare.outcome)}` }, now());
    return finish(deps, payment, warnings);
  }
  const answer = prepare.outcome.answer;
  if (answer.click_trans_id !== BigInt(payment.clickTransId) || !answer.merchant_prepare_id) {
    records.updatePayment(payment.id, { status: "failed", prepareError: answer.error, note: "Prepare: the answer names another transaction or no merchant_prepare_id" }, now());
    return finish(deps, payment, warnings);
  }
  records.updatePayment(payment.id, { status: "prepared", prepareError: 0, merchantPrepareId: answer.merchant_prepare_id }, now());
  if (records.faults().holdComplete) {
    records.updatePayment(payment.id, { note: `Complete held (fault injection): send it from the cabinet (${outcome === "success" ? "paid" : "declined"})` }, now());
    return finish(deps, payment, warnings);
  }
  const completed = await sendComplete(deps, records.getPayment(payment.id)!, outcome);
  return finish(deps, payment, [...warnings, ...completed.warnings]);
}

/**
 * Complete for a prepared payment: error 0 (paid) or Click's decline code. The store's answer
 * decides: 0 completed; an error after a debit → cancelled (Click returns the money); no
 * answer → the payment stays prepared, parked (Click's manual handling).
 */
export async function sendComplete(deps: FlowDeps, payment: ClickPaymentRecord, outcome: "success" | "failure"): Promise<PaymentResult> {
  const { records, shop, now } = deps;
  const declined = outcome === "failure";
  const complete = await shop.call(
    {
      ...callbackBase(payment),
      endpoint: "complete",
      merchantPrepareId: payment.merchantPrepareId ?? "",
      error: declined ? CLICK_INSUFFICIENT_FUNDS.error : 0,
      errorNote: declined ? CLICK_INSUFFICIENT_FUNDS.note : "Success",
    },
    payment.id,
  );
  if (complete.outcome.kind !== "answer") {
    records.updatePayment(payment.id, { note: `Complete unanswered, parked: ${complete.outcome.detail}` }, now());
  } else if (declined) {
    records.updatePayment(payment.id, { status: "failed", completeError: complete.outcome.answer.error, note: "card declined (insufficient funds)" }, now());
  } else if (complete.outcome.answer.error === 0) {
    records.updatePayment(
      payment.id,
      { status: "completed", completeError: 0, merchantConfirmId: complete.outcome.answer.merchant_confirm_id ?? undefined, completedAt: now(), note: undefined },
      now(),
    );
  } else {
    records.updatePayment(payment.id, { status: "cancelled", completeError: complete.outcome.answer.error, note: `Complete: ${describe(complete.outcome)}; money returned` }, now());
  }
  return { payment: records.getPayment(payment.id)!, warnings: complete.warnings };
}
