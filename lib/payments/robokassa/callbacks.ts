import { z } from "zod";
import type { RobokassaHashAlgorithm } from "./hash";
import { parseOutSum } from "./out-sum";
import {
  failUrlParams,
  flattenParams,
  pickShp,
  resultUrlParams,
  successUrlParams,
  type FlatParams,
} from "./schemas";
import { resultSignatureBase, successSignatureBase, verifyRobokassaSignature, type ShpParams } from "./signature";

/**
 * What to do with ResultURL, SuccessURL and FailURL requests, as data (no I/O): the route parses,
 * looks the attempt up by InvId, asks for a decision, and — for `record_payment` — hands the
 * payment to the settlement core before sending `answer`. A repeated notification gets the same
 * decision; the ledger's uniqueness on (payment, robokassa, InvId) makes recording it a no-op.
 */

/** A stored payment attempt (DESIGN.md "Contract": one InvId per attempt). */
export type RobokassaAttempt = {
  invId: bigint;
  orderNumber: string;
  /** Tiyin the attempt covers: what is recorded when Robokassa reports it paid. */
  amount: bigint;
  /** The OutSum asked, in kopeks. */
  outSum: bigint;
};

/** The keys of the provider's mode (test passwords outside live mode). */
export type RobokassaCallbackKeys = {
  password1?: string;
  password2?: string;
  hash: RobokassaHashAlgorithm;
  /** In live mode a notification marked `IsTest=1` is refused whatever its signature. */
  live: boolean;
};

export type PlainTextAnswer = { status: number; body: string };

export type ResultRejection =
  | "malformed"
  | "bad_signature"
  | "test_in_live"
  | "unknown_invoice"
  | "wrong_amount"
  | "not_configured"
  | "hash_unavailable";

export type RobokassaPayment = {
  provider: "robokassa";
  /** InvId as decimal text: the ledger reference. */
  reference: string;
  orderNumber: string;
  /** Tiyin (the attempt's amount, never a conversion of OutSum). */
  amount: bigint;
  /** Kopeks Robokassa reported. */
  outSum: bigint;
  /** Robokassa's fee and the method, as sent (for the admin). */
  fee?: string;
  paymentMethod?: string;
  isTest: boolean;
};

export type ResultUrlDecision =
  | { kind: "reject"; reason: ResultRejection; answer: PlainTextAnswer }
  | { kind: "record_payment"; payment: RobokassaPayment; answer: PlainTextAnswer };

/** A ResultURL notification that passed the schema; its signature is not checked yet. */
export type ResultNotification = {
  invId: bigint;
  /** As received: hashed verbatim. */
  outSumText: string;
  signature: string;
  shp: ShpParams;
  fee?: string;
  paymentMethod?: string;
  isTest: boolean;
};

const answers: Record<ResultRejection, PlainTextAnswer> = {
  malformed: { status: 400, body: "bad request" },
  bad_signature: { status: 403, body: "bad sign" },
  test_in_live: { status: 403, body: "test payment in live mode" },
  unknown_invoice: { status: 404, body: "unknown InvId" },
  wrong_amount: { status: 409, body: "wrong amount" },
  // Our configuration, not the request, is at fault; Robokassa retries until it is fixed.
  not_configured: { status: 503, body: "not configured" },
  hash_unavailable: { status: 503, body: "hash algorithm unavailable" },
};

function reject(reason: ResultRejection): Extract<ResultUrlDecision, { kind: "reject" }> {
  return { kind: "reject", reason, answer: answers[reason] };
}

function flat(input: URLSearchParams | FlatParams): FlatParams | undefined {
  if (!(input instanceof URLSearchParams)) return input;
  const result = flattenParams(input);
  return result.ok ? result.params : undefined;
}

/**
 * Step 1: the notification's parameters (query for GET, form body for POST) against the schema.
 * Anything else — missing fields, repeated names, junk — is a 400 and changes nothing.
 */
export function parseResultNotification(
  input: URLSearchParams | FlatParams,
): { ok: true; notification: ResultNotification } | { ok: false; decision: ResultUrlDecision } {
  const params = flat(input);
  const parsed = params ? resultUrlParams.safeParse(params) : undefined;
  if (!params || !parsed?.success) return { ok: false, decision: reject("malformed") };
  const data = parsed.data;
  return {
    ok: true,
    notification: {
      invId: BigInt(data.InvId),
      outSumText: data.OutSum,
      signature: data.SignatureValue,
      shp: pickShp(params),
      fee: data.Fee,
      paymentMethod: data.PaymentMethod,
      isTest: data.IsTest === "1",
    },
  };
}

/**
 * Step 2, given the attempt stored under the notification's InvId (undefined when none):
 * signature first (hash(OutSum:InvId:Password2[:Shp_…]) over OutSum exactly as received, so a
 * forger learns nothing about which InvIds exist), then the attempt, then the amount compared
 * numerically in kopeks. Only a valid notification for a known attempt with its amount is
 * recorded — with the attempt's tiyin — and answered `OK{InvId}`, whatever the order's status
 * (the money was taken; an overpayment is the settlement core's to flag).
 */
export function decideResultNotification(
  notification: ResultNotification,
  attempt: RobokassaAttempt | undefined,
  keys: RobokassaCallbackKeys,
): ResultUrlDecision {
  if (!keys.password2) return reject("not_configured");
  const invId = notification.invId.toString();
  const verified = verifyRobokassaSignature(
    keys.hash,
    resultSignatureBase({ outSum: notification.outSumText, invId, password2: keys.password2, shp: notification.shp }),
    notification.signature,
  );
  if (!verified.ok) return reject(verified.reason);
  if (keys.live && notification.isTest) return reject("test_in_live");
  if (!attempt || attempt.invId !== notification.invId) return reject("unknown_invoice");
  const outSum = parseOutSum(notification.outSumText);
  if (!outSum.ok || outSum.kopeks !== attempt.outSum) return reject("wrong_amount");
  return {
    kind: "record_payment",
    payment: {
      provider: "robokassa",
      reference: invId,
      orderNumber: attempt.orderNumber,
      amount: attempt.amount,
      outSum: outSum.kopeks,
      fee: notification.fee,
      paymentMethod: notification.paymentMethod,
      isTest: notification.isTest,
    },
    answer: { status: 200, body: `OK${invId}` },
  };
}

export type ReturnRejection = "malformed" | "bad_signature" | "unknown_invoice" | "not_configured" | "hash_unavailable";

/**
 * SuccessURL and FailURL: where to send the shopper. `confirming` (Success) means Robokassa says
 * the shopper paid but only ResultURL records it, so the order page shows "being confirmed".
 * A rejection is shown to the shopper in their language by the route (status 400/403/404/503).
 */
export type ReturnDecision =
  | { kind: "show_order"; orderNumber: string; invId: bigint; outcome: "confirming" | "failed"; culture?: "ru" | "en" }
  | { kind: "reject"; reason: ReturnRejection; status: number };

const returnStatus: Record<ReturnRejection, number> = {
  malformed: 400,
  bad_signature: 403,
  unknown_invoice: 404,
  not_configured: 503,
  hash_unavailable: 503,
};

function rejectReturn(reason: ReturnRejection): ReturnDecision {
  return { kind: "reject", reason, status: returnStatus[reason] };
}

const culture = z.enum(["ru", "en"]);

/** Step 1 for Success and Fail: the InvId to look up, or a 400. */
export function returnInvId(input: URLSearchParams | FlatParams): bigint | undefined {
  const params = flat(input);
  const parsed = params ? z.object({ InvId: resultUrlParams.shape.InvId }).safeParse(params) : undefined;
  return parsed?.success ? BigInt(parsed.data.InvId) : undefined;
}

/** SuccessURL: hash(OutSum:InvId:Password1[:Shp_…]) must match; then show the order. */
export function decideSuccess(
  input: URLSearchParams | FlatParams,
  attempt: RobokassaAttempt | undefined,
  keys: RobokassaCallbackKeys,
): ReturnDecision {
  const params = flat(input);
  const parsed = params ? successUrlParams.safeParse(params) : undefined;
  if (!params || !parsed?.success) return rejectReturn("malformed");
  if (!keys.password1) return rejectReturn("not_configured");
  const { OutSum, InvId, SignatureValue } = parsed.data;
  const verified = verifyRobokassaSignature(
    keys.hash,
    successSignatureBase({ outSum: OutSum, invId: InvId, password1: keys.password1, shp: pickShp(params) }),
    SignatureValue,
  );
  if (!verified.ok) return rejectReturn(verified.reason);
  if (!attempt || attempt.invId.toString() !== InvId) return rejectReturn("unknown_invoice");
  const lang = culture.safeParse(parsed.data.Culture);
  return { kind: "show_order", orderNumber: attempt.orderNumber, invId: attempt.invId, outcome: "confirming", ...(lang.success ? { culture: lang.data } : {}) };
}

/** FailURL (unsigned): show the order unpaid with "try again"; never changes anything. */
export function decideFail(input: URLSearchParams | FlatParams, attempt: RobokassaAttempt | undefined): ReturnDecision {
  const params = flat(input);
  const parsed = params ? failUrlParams.safeParse(params) : undefined;
  if (!params || !parsed?.success) return rejectReturn("malformed");
  if (!attempt || attempt.invId.toString() !== parsed.data.InvId) return rejectReturn("unknown_invoice");
  const lang = culture.safeParse(parsed.data.Culture);
  return { kind: "show_order", orderNumber: attempt.orderNumber, invId: attempt.invId, outcome: "failed", ...(lang.success ? { culture: lang.data } : {}) };
}
