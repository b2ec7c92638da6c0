import { clickErrorCodes as codes, type ClickErrorCode } from "./errors";
import { completeAnswer, prepareAnswer, type ClickCompleteAnswer, type ClickCompleteRequest, type ClickPrepareAnswer, type ClickPrepareRequest } from "./schemas";

/**
 * Click's callback rules as a pure function: a verified request plus a snapshot of what we
 * hold → the answer and the state change as data. The settlement core applies the change
 * under the order's lock (and takes the snapshot under it), so the rules exist once and the
 * I/O stays outside. Sources: protocol file "Rules", issue 11 §1, DESIGN.md "Reservation".
 */

/** The order's status as DESIGN.md derives it (lib/orders/order-status.ts). */
export type ClickOrderStatus =
  | "pending"
  | "processing"
  | "authorized"
  | "partially_paid"
  | "paid"
  | "partially_refunded"
  | "refunded"
  | "cancelled";

/** Who holds the order now (an active reservation only; a lapsed one is `null`). */
export type ClickReservationHolder = {
  provider: string;
  /** `click_prepare` for ours; Payme's are `payme_transaction` / `payme_receipt`. */
  kind: string;
  /** For a Click Prepare: its click_trans_id as decimal digits. */
  reference: string;
  /** A card hold (Payme receipt state 5): never replaced. */
  held: boolean;
};

export type ClickOrderSnapshot = {
  /** Our order number as a string (Click's merchant_trans_id / transaction_param). */
  number: string;
  status: ClickOrderStatus;
  /** amount − paidAmount, tiyin. */
  outstanding: bigint;
  /** 1C asked to cancel while a reservation held it: not payable. */
  cancelRequested: boolean;
  reservation: ClickReservationHolder | null;
};

/** Our stored record of one Click transaction (one click_trans_id). */
export type ClickAttempt = {
  clickTransId: bigint;
  clickPaydocId: bigint;
  merchantTransId: string;
  merchantPrepareId: string;
  /** Tiyin, as Prepare asked. */
  amount: bigint;
  /** prepared: Prepare answered 0, no final Complete yet; confirmed: paid; cancelled: Click cancelled, or we refused, or a newer Prepare replaced it. */
  state: "prepared" | "confirmed" | "cancelled";
  /** The stored answer to Prepare, replayed to a repeated Prepare. */
  prepareAnswer: ClickPrepareAnswer;
  /** The stored final answer to Complete, replayed to a repeated Complete. */
  completeAnswer: ClickCompleteAnswer | null;
};

export type ClickEffect =
  /** Nothing to write (an error before any record, or a replayed answer). */
  | { kind: "none" }
  /**
   * Create the attempt (state prepared, with `answer` stored) and reserve the order for it
   * until `expiresAt` (ms). `replaces`: the click_trans_id of an uncompleted Click Prepare that
   * held the order; mark it cancelled (its Complete then gets -9) and take over its reservation.
   */
  | {
      kind: "reserve";
      orderNumber: string;
      clickTransId: bigint;
      clickPaydocId: bigint;
      merchantPrepareId: string;
      amount: bigint;
      expiresAt: number;
      replaces: string | null;
      answer: ClickPrepareAnswer;
    }
  /**
   * Mark the attempt cancelled with `answer` as its stored Complete answer, and release the
   * order's reservation if this attempt still holds it (`releaseReservation`).
   */
  | { kind: "cancel"; orderNumber: string; clickTransId: bigint; releaseReservation: boolean; answer: ClickCompleteAnswer }
  /**
   * Record the payment exactly once (ledger entry {payment, click, reference = click_trans_id,
   * amount}), mark the attempt confirmed with `answer` stored, release its reservation if it
   * still holds the order. The ledger's uniqueness makes a concurrent duplicate a no-op.
   */
  | {
      kind: "record_payment";
      orderNumber: string;
      clickTransId: bigint;
      clickPaydocId: bigint;
      amount: bigint;
      merchantConfirmId: string;
      releaseReservation: boolean;
      answer: ClickCompleteAnswer;
    };

export type ClickPrepareDecision = { answer: ClickPrepareAnswer; effect: ClickEffect };
export type ClickCompleteDecision = { answer: ClickCompleteAnswer; effect: ClickEffect };

export type PrepareInput = {
  request: ClickPrepareRequest;
  /** The request's amount in tiyin (verifyClickCallback). */
  amount: bigint;
  /** The order merchant_trans_id names; null when there is none. */
  order: ClickOrderSnapshot | null;
  /** Our record of this click_trans_id, if any. */
  attempt: ClickAttempt | null;
  /** The id a new attempt gets (the caller allocates it; unused unless the effect is reserve). */
  newPrepareId: string;
  /** ms since the epoch. */
  now: number;
  /** How long an uncompleted Prepare holds the order (setting, default 30 min), ms. */
  windowMs: number;
};

const PAID_STATUSES: ReadonlySet<ClickOrderStatus> = new Set(["paid", "refunded", "partially_refunded"]);

function isOurs(reservation: ClickReservationHolder | null, clickTransId: bigint): boolean {
  return reservation !== null && reservation.provider === "click" && reservation.kind === "click_prepare" && reservation.reference === String(clickTransId);
}

/** Prepare: -5 unknown order, -4 paid or refunded, -9 not payable, -2 not the outstanding amount, else reserve. */
export function decidePrepare(input: PrepareInput): ClickPrepareDecision {
  const { request, order, attempt } = input;
  const echo = { clickTransId: request.click_trans_id, merchantTransId: request.merchant_trans_id };
  const refuse = (code: ClickErrorCode): ClickPrepareDecision => ({ answer: prepareAnswer(code, echo), effect: { kind: "none" } });

  if (attempt) {
    // The same transaction again (a retry, or a concurrent duplicate decided after the first).
    if (attempt.merchantTransId !== request.merchant_trans_id || attempt.amount !== input.amount) return refuse(codes.badRequest);
    return { answer: attempt.prepareAnswer, effect: { kind: "none" } };
  }
  if (!order) return refuse(codes.userNotFound);
  if (PAID_STATUSES.has(order.status) || order.outstanding <= 0n) return refuse(codes.alreadyPaid);
  if (order.status === "cancelled" || order.cancelRequested) return refuse(codes.transactionCancelled);

  let replaces: string | null = null;
  const holder = order.reservation;
  if (holder) {
    // Only an uncompleted Click Prepare gives way: a shopper who retries is not locked out for the window.
    const replaceable = holder.provider === "click" && holder.kind === "click_prepare" && !holder.held;
    if (!replaceable) return refuse(codes.transactionCancelled);
    replaces = holder.reference;
  } else if (order.status !== "pending" && order.status !== "partially_paid") {
    return refuse(codes.transactionCancelled);
  }
  if (input.amount !== order.outstanding) return refuse(codes.incorrectAmount);

  const answer = prepareAnswer(codes.success, echo, input.newPrepareId);
  return {
    answer,
    effect: {
      kind: "reserve",
      orderNumber: order.number,
      clickTransId: request.click_trans_id,
      clickPaydocId: request.click_paydoc_id,
      merchantPrepareId: input.newPrepareId,
      amount: input.amount,
      expiresAt: input.now + input.windowMs,
      replaces,
      answer,
    },
  };
}

export type CompleteInput = {
  request: ClickCompleteRequest;
  /** The request's amount in tiyin (verifyClickCallback). */
  amount: bigint;
  /** Our record of this click_trans_id, if any. */
  attempt: ClickAttempt | null;
  /** The attempt's order (null when there is none). */
  order: ClickOrderSnapshot | null;
  /** The id an accepted Complete answers (the caller allocates it; unused otherwise). */
  newConfirmId: string;
};

/**
 * Complete: -6 unknown transaction; the stored answer for a decided one; -9 for a cancelled
 * one or Click's own error ≤ -1 (releasing the reservation); -2 for another amount than
 * Prepare's; after that only -4 (the order got paid) or -9 (not payable any more, another
 * holder, another outstanding amount: Click returns the money), else the payment is recorded.
 * In the window or after it: a lapsed reservation is no reason to refuse.
 */
export function decideComplete(input: CompleteInput): ClickCompleteDecision {
  const { request, attempt, order } = input;
  const echo = { clickTransId: request.click_trans_id, merchantTransId: request.merchant_trans_id };
  const refuse = (code: ClickErrorCode): ClickCompleteDecision => ({ answer: completeAnswer(code, echo), effect: { kind: "none" } });

  if (!attempt || attempt.merchantPrepareId !== request.merchant_prepare_id || attempt.merchantTransId !== request.merchant_trans_id) {
    return refuse(codes.transactionNotFound);
  }
  if (attempt.completeAnswer) return { answer: attempt.completeAnswer, effect: { kind: "none" } };
  if (attempt.state === "confirmed") return refuse(codes.alreadyPaid);
  if (attempt.state === "cancelled") return refuse(codes.transactionCancelled);

  const holdsOrder = order !== null && isOurs(order.reservation, attempt.clickTransId);
  const cancel = (code: ClickErrorCode): ClickCompleteDecision => {
    const answer = completeAnswer(code, echo);
    return {
      answer,
      effect: { kind: "cancel", orderNumber: attempt.merchantTransId, clickTransId: attempt.clickTransId, releaseReservation: holdsOrder, answer },
    };
  };

  if (request.error <= -1) return cancel(codes.transactionCancelled);
  // Not Prepare's amount: a malformed Complete, refused without deciding the attempt.
  if (input.amount !== attempt.amount) return refuse(codes.incorrectAmount);
  // After a debit only -4 or -9 may be answered, so a vanished order is -9 (Click returns the money).
  if (!order) return cancel(codes.transactionCancelled);
  if (PAID_STATUSES.has(order.status) || order.outstanding <= 0n) return cancel(codes.alreadyPaid);
  if (order.status === "cancelled" || order.cancelRequested) return cancel(codes.transactionCancelled);
  if (order.reservation && !holdsOrder) return cancel(codes.transactionCancelled);
  if (attempt.amount !== order.outstanding) return cancel(codes.transactionCancelled);

  const answer = completeAnswer(codes.success, echo, input.newConfirmId);
  return {
    answer,
    effect: {
      kind: "record_payment",
      orderNumber: order.number,
      clickTransId: attempt.clickTransId,
      clickPaydocId: attempt.clickPaydocId,
      amount: attempt.amount,
      merchantConfirmId: input.newConfirmId,
      releaseReservation: holdsOrder,
      answer,
    },
  };
}
