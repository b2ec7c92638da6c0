/**
 * Click's SHOP API error codes (protocol file, "Responses"). `note` is the `error_note` Click
 * expects on the wire, in English, verbatim; `text` is what we show people (admin history,
 * the order page) in ru/uz/en.
 */
export type LocalizedText = { ru: string; uz: string; en: string };

export const clickErrorCodes = {
  success: 0,
  signCheckFailed: -1,
  incorrectAmount: -2,
  actionNotFound: -3,
  alreadyPaid: -4,
  userNotFound: -5,
  transactionNotFound: -6,
  failedToUpdate: -7,
  badRequest: -8,
  transactionCancelled: -9,
} as const;

export type ClickErrorCode = (typeof clickErrorCodes)[keyof typeof clickErrorCodes];

type ClickErrorEntry = { note: string; text: LocalizedText };

export const clickErrors: Record<ClickErrorCode, ClickErrorEntry> = {
  [0]: {
    note: "Success",
    text: { ru: "Успешно", uz: "Muvaffaqiyatli", en: "Success" },
  },
  [-1]: {
    note: "SIGN CHECK FAILED!",
    text: { ru: "Ошибка проверки подписи", uz: "Imzo tekshiruvi muvaffaqiyatsiz", en: "Signature check failed" },
  },
  [-2]: {
    note: "Incorrect parameter amount",
    text: { ru: "Неверная сумма платежа", uz: "To'lov summasi noto'g'ri", en: "Incorrect payment amount" },
  },
  [-3]: {
    note: "Action not found",
    text: { ru: "Действие не найдено", uz: "Amal topilmadi", en: "Action not found" },
  },
  [-4]: {
    note: "Already paid",
    text: { ru: "Заказ уже оплачен", uz: "Buyurtma allaqachon to'langan", en: "The order is already paid" },
  },
  [-5]: {
    note: "User does not exist",
    text: { ru: "Заказ не найден", uz: "Buyurtma topilmadi", en: "Order not found" },
  },
  [-6]: {
    note: "Transaction does not exist",
    text: { ru: "Транзакция не найдена", uz: "Tranzaksiya topilmadi", en: "Transaction not found" },
  },
  [-7]: {
    note: "Failed to update user",
    text: { ru: "Не удалось обновить заказ", uz: "Buyurtmani yangilab bo'lmadi", en: "Failed to update the order" },
  },
  [-8]: {
    note: "Error in request from click",
    text: { ru: "Ошибка в запросе от Click", uz: "Click so'rovida xatolik", en: "Error in the request from Click" },
  },
  [-9]: {
    note: "Transaction cancelled",
    text: { ru: "Транзакция отменена", uz: "Tranzaksiya bekor qilindi", en: "Transaction cancelled" },
  },
};

/** The wire `error_note` for a code (Click matches on the code; the note is for people reading logs). */
export function clickErrorNote(code: ClickErrorCode): string {
  return clickErrors[code].note;
}

/** The ru/uz/en text for a code, for pages and the admin. */
export function clickErrorText(code: ClickErrorCode): LocalizedText {
  return clickErrors[code].text;
}
