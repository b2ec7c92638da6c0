import { sameAnswer, type CallContext, type CallOutcome, type MerchantClient } from "./merchant-client";
import { newPaymeTransactionId, type CheckoutRecords, type CheckoutSession, type Failure } from "./records";

/**
 * What Payme does once the shopper confirmed the SMS code (protocol file "Sandbox emulator"):
 * CheckPerformTransaction → CreateTransaction → the same Create again (the answers must be
 * equal) → the card debit → PerformTransaction → Perform again. A debit that fails after Create
 * is cancelled with reason 2, so the order is payable again.
 */
export type FlowDeps = {
  records: CheckoutRecords;
  client: MerchantClient;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The slow test card's processing delay (10 s; shorter in tests). */
  slowCardDelayMs: number;
  log: (message: string) => void;
};

export const CancelReason = { debitError: 2, executionError: 3, refund: 5 } as const;

export function failureOf(outcome: CallOutcome): Failure {
  if (outcome.kind === "error") return { kind: "merchant", code: outcome.error.code, message: outcome.error.message };
  if (outcome.kind === "transport") return { kind: "merchant", code: outcome.code };
  return { kind: "merchant", code: -31623 };
}

const numberOr = (value: unknown, fallback: number): number => (typeof value === "number" && Number.isFinite(value) ? value : fallback);

/** Applies a Create/Perform/Cancel/CheckTransaction result to the emulator's copy of the transaction. */
export function applyResult(records: CheckoutRecords, id: string, result: Record<string, unknown>): void {
  const current = records.getTransaction(id);
  if (!current) return;
  records.updateTransaction(id, {
    storeTransaction: result.transaction === undefined ? current.storeTransaction : String(result.transaction),
    createTime: numberOr(result.create_time, current.createTime),
    performTime: numberOr(result.perform_time, current.performTime),
    cancelTime: numberOr(result.cancel_time, current.cancelTime),
    state: numberOr(result.state, current.state ?? 0),
    reason: result.reason === undefined ? current.reason : typeof result.reason === "number" ? result.reason : null,
  });
}

/** A Merchant API call whose idempotency warnings land on the transaction (or in the log). */
async function call(deps: FlowDeps, method: string, params: Record<string, unknown>, context: CallContext): Promise<CallOutcome> {
  const { outcome, warnings } = await deps.client.call(method, params, context);
  for (const warning of warnings) {
    if (context.transactionId) deps.records.addWarning(context.transactionId, warning);
    deps.log(`payme checkout: ${warning}`);
  }
  return outcome;
}

/**
 * CancelTransaction, sent twice as Payme's sandbox does (the second answer must equal the
 * first). Returns the first answer.
 */
export async function cancelTransaction(deps: FlowDeps, id: string, reason: number, context: CallContext): Promise<CallOutcome> {
  const ctx = { ...context, transactionId: id };
  const first = await call(deps, "CancelTransaction", { id, reason }, ctx);
  if (first.kind === "result") {
    applyResult(deps.records, id, { ...first.result, reason });
    const second = await call(deps, "CancelTransaction", { id, reason }, ctx);
    if (!sameAnswer(first, second)) deps.records.addWarning(id, "CancelTransaction: the repeated call was answered differently");
  } else {
    deps.records.updateTransaction(id, { error: failureOf(first) });
  }
  return first;
}

/** CheckPerformTransaction when the check is opened: is the order there, is the amount right. */
export async function checkOrder(deps: FlowDeps, session: CheckoutSession): Promise<CallOutcome> {
  return call(
    deps,
    "CheckPerformTransaction",
    { amount: Number(session.amount), account: session.account },
    { sessionId: session.id },
  );
}

export async function runPayment(deps: FlowDeps, session: CheckoutSession): Promise<void> {
  const { records } = deps;
  const fail = (failure: Failure) => {
    records.updateSession(session.id, { status: "failed", failure }, ["processing"]);
  };
  const context: CallContext = { sessionId: session.id };
  const amount = Number(session.amount);

  const check = await checkOrder(deps, session);
  if (check.kind !== "result") return fail(failureOf(check));
  if (check.result.allow !== true) return fail({ kind: "merchant", code: -31623 });

  const time = deps.now();
  const id = newPaymeTransactionId(time);
  records.createTransaction({ id, sessionId: session.id, time, amount: session.amount, account: session.account, cardMask: session.cardMask });
  records.updateSession(session.id, { transactionId: id });
  const txContext = { ...context, transactionId: id };
  const createParams = { id, time, amount, account: session.account };

  const created = await call(deps, "CreateTransaction", createParams, txContext);
  if (created.kind !== "result") {
    records.updateTransaction(id, { error: failureOf(created) });
    return fail(failureOf(created));
  }
  applyResult(records, id, created.result);
  const createdAgain = await call(deps, "CreateTransaction", createParams, txContext);
  if (!sameAnswer(created, createdAgain)) {
    records.addWarning(id, "CreateTransaction: the repeated call was answered differently");
    await cancelTransaction(deps, id, CancelReason.executionError, context);
    return fail({ kind: "merchant", code: -31623 });
  }

  // The card debit, where the failing test cards fail.
  if (session.cardBehaviour === "system_error" || session.cardBehaviour === "slow_error") {
    if (session.cardBehaviour === "slow_error") await deps.sleep(deps.slowCardDelayMs);
    await cancelTransaction(deps, id, CancelReason.debitError, context);
    return fail({ kind: "card", behaviour: session.cardBehaviour });
  }

  const performed = await call(deps, "PerformTransaction", { id }, txContext);
  if (performed.kind !== "result") {
    records.updateTransaction(id, { error: failureOf(performed) });
    // The store refused to deliver: Payme gives the money back.
    if (performed.kind === "error") await cancelTransaction(deps, id, CancelReason.executionError, context);
    return fail(failureOf(performed));
  }
  applyResult(records, id, performed.result);
  const performedAgain = await call(deps, "PerformTransaction", { id }, txContext);
  if (!sameAnswer(performed, performedAgain)) records.addWarning(id, "PerformTransaction: the repeated call was answered differently");
  records.updateSession(session.id, { status: "paid" }, ["processing"]);
}
