import type { OrderStatus } from "../../../orders/order-status";
import { SubscribeError, type LocalizedText } from "../subscribe/errors";
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

const messages: Record<Exclude<ReceiptErrorCode, "payment_failed" | "payme_error">, LocalizedText> = {
  invalid_input: {
    ru: "Данные платежа заполнены неверно. Обновите страницу и попробуйте ещё раз.",
    uz: "To'lov ma'lumotlari noto'g'ri. Sahifani yangilab, qayta urinib ko'ring.",
    en: "The payment details are not valid. Reload the page and try again.",
  },
  not_configured: {
    ru: "Оплата картой через Payme сейчас недоступна. Выберите другой способ оплаты.",
    uz: "Payme orqali karta bilan to'lov hozircha mavjud emas. Boshqa to'lov usulini tanlang.",
    en: "Card payment with Payme is not available right now. Choose another way to pay.",
  },
  order_not_found: {
    ru: "Заказ не найден.",
    uz: "Buyurtma topilmadi.",
    en: "The order was not found.",
  },
  receipt_not_found: {
    ru: "Чек на оплату не найден. Обновите страницу заказа.",
    uz: "To'lov cheki topilmadi. Buyurtma sahifasini yangilang.",
    en: "The payment receipt was not found. Reload the order page.",
  },
  not_payable: {
    ru: "Этот заказ сейчас нельзя оплатить. Обновите страницу заказа, чтобы увидеть его статус.",
    uz: "Bu buyurtmani hozir to'lab bo'lmaydi. Holatini ko'rish uchun buyurtma sahifasini yangilang.",
    en: "This order cannot be paid right now. Reload the order page to see its status.",
  },
  payment_in_progress: {
    ru: "Оплата этого заказа уже выполняется. Дождитесь её результата.",
    uz: "Bu buyurtma uchun to'lov allaqachon amalga oshirilmoqda. Natijasini kuting.",
    en: "A payment of this order is already in progress. Wait for its result.",
  },
  amount_changed: {
    ru: "Сумма к оплате изменилась. Начните оплату заново.",
    uz: "To'lov summasi o'zgardi. To'lovni qaytadan boshlang.",
    en: "The amount to pay has changed. Start the payment again.",
  },
  receipt_not_payable: {
    ru: "Этот чек уже оплачен, отменён или оплачивается. Начните оплату заново.",
    uz: "Bu chek allaqachon to'langan, bekor qilingan yoki to'lanmoqda. To'lovni qaytadan boshlang.",
    en: "This receipt has already been paid, cancelled or is being paid. Start the payment again.",
  },
  status_unknown: {
    ru: "Payme пока не подтвердил результат платежа. Не платите повторно: статус заказа обновится через минуту.",
    uz: "Payme to'lov natijasini hali tasdiqlamadi. Qayta to'lamang: buyurtma holati bir daqiqada yangilanadi.",
    en: "Payme has not confirmed the payment's result yet. Do not pay again: the order's status will update within a minute.",
  },
  not_held: {
    ru: "По этому чеку нет удержанных средств.",
    uz: "Bu chek bo'yicha ushlab turilgan mablag' yo'q.",
    en: "No funds are held on this receipt.",
  },
  not_cancellable: {
    ru: "Этот чек сейчас нельзя отменить.",
    uz: "Bu chekni hozir bekor qilib bo'lmaydi.",
    en: "This receipt cannot be cancelled right now.",
  },
};

export function failure(code: Exclude<ReceiptErrorCode, "payment_failed" | "payme_error">, reason?: string): ReceiptFailure {
  return { ok: false, error: { code, message: messages[code], ...(reason ? { reason } : {}) } };
}

/** A Subscribe error as a receipt failure (its own localized sentence). */
export function subscribeFailure(error: SubscribeError, code: "payment_failed" | "payme_error" | "status_unknown"): ReceiptFailure {
  if (code === "status_unknown") return { ok: false, error: { code, message: messages.status_unknown, subscribeCode: error.code } };
  return { ok: false, error: { code, message: error.localized, subscribeCode: error.code } };
}
