/** Localized as Payme shows them: `message` is `{ru, uz, en}`. */
export type LocalizedMessage = { ru: string; uz: string; en: string };

export const paymeErrorCodes = {
  transportNotPost: -32300,
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  unauthorized: -32504,
  internal: -32400,
  invalidAmount: -31001,
  transactionNotFound: -31003,
  cannotCancel: -31007,
  cannotPerform: -31008,
  orderNotFound: -31050,
  orderNotPayable: -31099,
  fiscalTransactionNotFound: -32001,
  invalidParams: -32602,
} as const;

const messages: Record<number, LocalizedMessage> = {
  [-32300]: { ru: "Метод запроса должен быть POST", uz: "So'rov usuli POST bo'lishi kerak", en: "The request method must be POST" },
  [-32700]: { ru: "Ошибка разбора JSON", uz: "JSON tahlilida xatolik", en: "The request is not valid JSON" },
  [-32600]: { ru: "Неверный запрос RPC", uz: "Noto'g'ri RPC so'rovi", en: "Invalid RPC request" },
  [-32601]: { ru: "Метод не найден", uz: "Usul topilmadi", en: "Method not found" },
  [-32504]: { ru: "Недостаточно привилегий для выполнения метода", uz: "Usulni bajarish uchun huquq yetarli emas", en: "Insufficient privileges to perform this method" },
  [-32400]: { ru: "Внутренняя ошибка сервера", uz: "Serverning ichki xatosi", en: "Internal server error" },
  [-31001]: { ru: "Неверная сумма", uz: "Noto'g'ri summa", en: "Incorrect amount" },
  [-31003]: { ru: "Транзакция не найдена", uz: "Tranzaksiya topilmadi", en: "Transaction not found" },
  [-31007]: { ru: "Заказ выполнен, отмена невозможна", uz: "Buyurtma bajarilgan, bekor qilib bo'lmaydi", en: "The order is fulfilled: the transaction cannot be cancelled" },
  [-31008]: { ru: "Невозможно выполнить операцию", uz: "Amalni bajarib bo'lmaydi", en: "Unable to perform the operation" },
  [-31050]: { ru: "Заказ не найден", uz: "Buyurtma topilmadi", en: "Order not found" },
  [-31099]: { ru: "Заказ не ожидает оплаты", uz: "Buyurtma to'lovni kutmayapti", en: "The order is not awaiting payment" },
  [-32001]: { ru: "Транзакция или чек не найдены", uz: "Tranzaksiya yoki chek topilmadi", en: "Transaction or receipt not found" },
  [-32602]: { ru: "Неверные параметры", uz: "Noto'g'ri parametrlar", en: "Invalid parameters" },
};

/** A Merchant API error as Payme expects it; `data` names the field when one is at fault. */
export class PaymeError extends Error {
  readonly localized: LocalizedMessage;
  constructor(
    readonly code: number,
    readonly data?: unknown,
  ) {
    const localized = messages[code] ?? messages[-32400]!;
    super(localized.en);
    this.name = "PaymeError";
    this.localized = localized;
  }
}
