import type { OrderStatus } from "../../../orders/order-status";
import { SubscribeError, type LocalizedText } from "../subscribe/errors";
import { paymeText } from "../messages";
import { ReceiptState } from "../subscribe/schemas";
import type { ReceiptRow } from "./receipt-rows";

/**
 * What the receipt functions return to the server actions: `{ok: true, …}` or `{ok: false,
 * error}` with a localized sentence — never a throw for an outcome the shopper can meet, never
 * a raw code in the message (the Subscribe code travels beside it for the logs and the UI's
 * decisions).
 */
export type ReceiptErrorCode =
  | "invalid_input"
  | "not_configured"
  | "order_not_found"
  | "receipt_not_found"
  /** The order is paid, reserved by another attempt, refunded or cancelled (`reason` says which). */
  | "not_payable"
  /** Another payment of this order (or of this receipt) is running. */
  | "payment_in_progress"
  /** The order's outstanding amount is no longer the receipt's: create a new receipt. */
  | "amount_changed"
  /** This receipt was already paid, cancelled or is being paid: create a new one. */
  | "receipt_not_payable"
  /** Payme refused the payment (card, SMS, processing…): `subscribeCode` and the message say why. */
  | "payment_failed"
  /** Payme did not answer and the receipt could not be checked: poll it before paying again. */
  | "status_unknown"
  | "not_held"
  | "not_cancellable"
  /** Payme refused another operation, or could not be reached. */
  | "payme_error";

export type ReceiptError = {
  code: ReceiptErrorCode;
  message: LocalizedText;
  reason?: string;
  subscribeCode?: number;
};

/** A receipt as the card form, the order page and the admin see it (amounts as decimal strings). */
export type ReceiptView = {
  id: string;
  orderNumber: number;
  amount: string;
  state: number;
  status: "created" | "processing" | "held" | "paid" | "cancelling" | "cancelled" | "paused";
  /** No more change to wait for (paid, held, cancelled, paused for a person). */
  final: boolean;
  hold: boolean;
  createTime: number;
  payTime: number;
  cancelTime: number;
  /** ISO time after which the hold lapses by itself (UZCARD releases it; HUMO allows only confirm). */
  holdLapsesAt: string | null;
  invoicePhone: string | null;
};

export type ReceiptSuccess = { ok: true; receipt: ReceiptView; orderStatus: OrderStatus };
export type ReceiptFailure = { ok: false; error: ReceiptError };
export type ReceiptResult = ReceiptSuccess | ReceiptFailure;

const FINAL_STATES = new Set<number>([ReceiptState.paid, ReceiptState.held, ReceiptState.paused, ReceiptState.cancelled]);

export function isFinalState(state: number): boolean {
  return FINAL_STATES.has(state);
}

function statusOf(state: number): ReceiptView["status"] {
  switch (state) {
    case ReceiptState.created:
      return "created";
    case ReceiptState.paid:
      return "paid";
    case ReceiptState.held:
      return "held";
    case ReceiptState.cancelQueued:
      return "cancelling";
    case ReceiptState.cancelled:
      return "cancelled";
    case ReceiptState.paused:
      return "paused";
    default:
      return "processing";
  }
}

export function receiptView(row: ReceiptRow): ReceiptView {
  return {
    id: row.paymeId,
    orderNumber: row.orderNumber,
    amount: row.amount.toString(),
    state: row.state,
    status: statusOf(row.state),
    final: isFinalState(row.state),
    hold: row.hold,
    createTime: row.createTime,
    payTime: row.payTime,
    cancelTime: row.cancelTime,
    holdLapsesAt: row.holdLapsesAt === null ? null : new Date(row.holdLapsesAt).toISOString(),
    invoicePhone: row.invoicePhone,
  };
}

// The sentences live in ../messages.ts (ru, uz, en checked together).
const messages: Record<Exclude<ReceiptErrorCode, "payment_failed" | "payme_error">, LocalizedText> = {
  invalid_input: paymeText("receipt.invalid_input"),
  not_configured: paymeText("receipt.not_configured"),
  order_not_found: paymeText("receipt.order_not_found"),
  receipt_not_found: paymeText("receipt.receipt_not_found"),
  not_payable: paymeText("receipt.not_payable"),
  payment_in_progress: paymeText("receipt.payment_in_progress"),
  amount_changed: paymeText("receipt.amount_changed"),
  receipt_not_payable: paymeText("receipt.receipt_not_payable"),
  status_unknown: paymeText("receipt.status_unknown"),
  not_held: paymeText("receipt.not_held"),
  not_cancellable: paymeText("receipt.not_cancellable"),
};

export function failure(code: Exclude<ReceiptErrorCode, "payment_failed" | "payme_error">, reason?: string): ReceiptFailure {
  return { ok: false, error: { code, message: messages[code], ...(reason ? { reason } : {}) } };
}

/** A Subscribe error as a receipt failure (its own localized sentence). */
export function subscribeFailure(error: SubscribeError, code: "payment_failed" | "payme_error" | "status_unknown"): ReceiptFailure {
  if (code === "status_unknown") return { ok: false, error: { code, message: messages.status_unknown, subscribeCode: error.code } };
  return { ok: false, error: { code, message: error.localized, subscribeCode: error.code } };
}
