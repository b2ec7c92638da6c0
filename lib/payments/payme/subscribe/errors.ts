/**
 * Subscribe API errors as one typed error with localized shopper messages (ru, uz, en) for every
 * code of the protocol file — the shopper never sees a raw code; we log it.
 *
 * Safe in the browser (type imports only).
 */
import type { LocalizedText } from "../../../i18n/localized-text";

export type { LocalizedText };
export type ShopperLocale = keyof LocalizedText;

/**
 * - `rpc`: Payme answered with an error (the request was processed and refused);
 * - `timeout`, `network`: no answer — for a payment the outcome is unknown until checked;
 * - `protocol`: an answer we cannot read (not JSON-RPC, or not the documented shape);
 * - `params`: we refused to send params that break the method's schema.
 */
export type SubscribeErrorKind = "rpc" | "timeout" | "network" | "protocol" | "params";

/** Codes of the protocol file, plus the Merchant API codes Payme passes on from the billing. */
export const subscribeErrorCodes = {
  invalidCard: -31300,
  cardUnavailable: -31301,
  balanceUnavailable: -31302,
  insufficientFunds: -31303,
  cardNotFound: -31400,
  otpNotSent: -31110,
  otpExpired: -31101,
  otpTooManyAttempts: -31102,
  otpWrong: -31103,
  processingUnavailable: -31002,
  invalidToken: -32500,
  invalidParams: -32602,
  unauthorized: -32504,
  // Checkout errors of the same protocol file.
  merchantNotFound: -31601,
  invalidField: -31610,
  amountBelowMinimum: -31611,
  amountAboveMaximum: -31612,
  merchantServiceUnavailable: -31622,
  merchantServiceFailed: -31623,
  cardProblem: -31630,
  // JSON-RPC and system errors.
  systemError: -32400,
  notPost: -32300,
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  // Passed on from the merchant's billing (Merchant API), or Payme refusing the receipt's state.
  invalidAmount: -31001,
  transactionNotFound: -31003,
  cannotCancel: -31007,
  cannotPerform: -31008,
} as const;

/** Our own codes for failures without an answer from Payme. */
export const transportErrorCodes = { timeout: -1, network: -2, protocol: -3, params: -4 } as const;

/**
 * Finer reasons for -31301, whose meaning the protocol file gives as "SMS not connected / card
 * expired / blocked". Our emulator names the reason in `data`; Payme's platform may not, and
 * then the code's own message (which covers all three) is shown.
 */
export const cardUnavailableReasons = ["sms_not_connected", "card_expired", "card_blocked"] as const;
export type CardUnavailableReason = (typeof cardUnavailableReasons)[number];

const tryAgain = {
  ru: "Попробуйте ещё раз или используйте другую карту.",
  uz: "Qayta urinib ko'ring yoki boshqa kartadan foydalaning.",
  en: "Try again or use another card.",
};

const messages: Record<number, LocalizedText> = {
  [-31300]: {
    ru: "Неверный номер карты или срок её действия, либо это корпоративная карта. Проверьте данные или используйте другую карту.",
    uz: "Karta raqami yoki amal qilish muddati noto'g'ri yoki bu korporativ karta. Ma'lumotlarni tekshiring yoki boshqa kartadan foydalaning.",
    en: "The card number or expiry date is wrong, or this is a corporate card. Check the details or use another card.",
  },
  [-31301]: {
    ru: "Эту карту нельзя использовать: истёк срок её действия, она заблокирована или к ней не подключено SMS-информирование. Используйте другую карту.",
    uz: "Bu kartadan foydalanib bo'lmaydi: amal qilish muddati tugagan, bloklangan yoki unga SMS-xabarnoma ulanmagan. Boshqa kartadan foydalaning.",
    en: "This card cannot be used: it has expired, it is blocked, or SMS notifications are not enabled for it. Use another card.",
  },
  [-31302]: {
    ru: "Не удалось проверить баланс карты. Попробуйте позже или используйте другую карту.",
    uz: "Karta balansini tekshirib bo'lmadi. Keyinroq urinib ko'ring yoki boshqa kartadan foydalaning.",
    en: "The card's balance could not be checked. Try later or use another card.",
  },
  [-31303]: {
    ru: "На карте недостаточно средств. Пополните карту или используйте другую.",
    uz: "Kartada mablag' yetarli emas. Kartani to'ldiring yoki boshqa kartadan foydalaning.",
    en: "There are not enough funds on the card. Top it up or use another card.",
  },
  [-31630]: {
    ru: "Оплата с этой карты не прошла: недостаточно средств или карта не подходит для оплаты. Используйте другую карту.",
    uz: "Bu karta orqali to'lov o'tmadi: mablag' yetarli emas yoki karta to'lov uchun mos emas. Boshqa kartadan foydalaning.",
    en: "The payment with this card did not go through: not enough funds, or the card cannot be used for this payment. Use another card.",
  },
  [-31400]: {
    ru: "Карта не найдена. Введите данные карты заново.",
    uz: "Karta topilmadi. Karta ma'lumotlarini qaytadan kiriting.",
    en: "The card was not found. Enter the card details again.",
  },
  [-31110]: {
    ru: "Не удалось отправить SMS-код. Попробуйте запросить код ещё раз чуть позже.",
    uz: "SMS-kodni yuborib bo'lmadi. Birozdan so'ng kodni qayta so'rab ko'ring.",
    en: "The SMS code could not be sent. Ask for a new code in a moment.",
  },
  [-31101]: {
    ru: "Срок действия SMS-кода истёк. Запросите новый код.",
    uz: "SMS-kodning amal qilish muddati tugadi. Yangi kod so'rang.",
    en: "The SMS code has expired. Ask for a new code.",
  },
  [-31102]: {
    ru: "Слишком много неверных попыток ввода кода. Запросите новый код.",
    uz: "Kod juda ko'p marta noto'g'ri kiritildi. Yangi kod so'rang.",
    en: "Too many wrong codes were entered. Ask for a new code.",
  },
  [-31103]: {
    ru: "Неверный SMS-код. Проверьте код из SMS и введите его ещё раз.",
    uz: "SMS-kod noto'g'ri. SMS'dagi kodni tekshirib, qaytadan kiriting.",
    en: "The SMS code is wrong. Check the code in the SMS and enter it again.",
  },
  [-31002]: {
    ru: "Процессинговый центр не ответил, платёж не прошёл. Попробуйте позже или используйте другую карту.",
    uz: "Protsessing markazi javob bermadi, to'lov o'tmadi. Keyinroq urinib ko'ring yoki boshqa kartadan foydalaning.",
    en: "The card processing centre did not respond and the payment did not go through. Try later or use another card.",
  },
  [-32500]: {
    ru: "Данные карты устарели. Введите карту заново.",
    uz: "Karta ma'lumotlari eskirgan. Kartani qaytadan kiriting.",
    en: "The card details are no longer valid. Enter the card again.",
  },
  [-32602]: {
    ru: "Платёжная система не приняла данные платежа. Обновите страницу и попробуйте ещё раз.",
    uz: "To'lov tizimi to'lov ma'lumotlarini qabul qilmadi. Sahifani yangilab, qayta urinib ko'ring.",
    en: "The payment system did not accept the payment details. Reload the page and try again.",
  },
  [-32504]: {
    ru: "Оплата картой сейчас недоступна: магазин неверно настроил кассу Payme. Выберите другой способ оплаты.",
    uz: "Karta orqali to'lov hozircha mavjud emas: do'kon Payme kassasini noto'g'ri sozlagan. Boshqa to'lov usulini tanlang.",
    en: "Card payment is unavailable right now: the shop's Payme cashbox is misconfigured. Choose another way to pay.",
  },
  [-31601]: {
    ru: "Магазин сейчас не может принимать платежи через Payme. Выберите другой способ оплаты.",
    uz: "Do'kon hozircha Payme orqali to'lov qabul qila olmaydi. Boshqa to'lov usulini tanlang.",
    en: "The shop cannot accept Payme payments right now. Choose another way to pay.",
  },
  [-31610]: {
    ru: "Неверные данные заказа. Обновите страницу заказа и попробуйте ещё раз.",
    uz: "Buyurtma ma'lumotlari noto'g'ri. Buyurtma sahifasini yangilab, qayta urinib ko'ring.",
    en: "The order details are not valid. Reload the order page and try again.",
  },
  [-31611]: {
    ru: "Сумма меньше минимальной для оплаты через Payme.",
    uz: "Summa Payme orqali to'lov uchun eng kam miqdordan kam.",
    en: "The amount is below Payme's minimum.",
  },
  [-31612]: {
    ru: "Сумма больше максимальной для оплаты через Payme.",
    uz: "Summa Payme orqali to'lov uchun eng ko'p miqdordan oshadi.",
    en: "The amount is above Payme's maximum.",
  },
  [-31622]: {
    ru: "Сервис магазина временно недоступен, платёж не прошёл. Попробуйте через несколько минут.",
    uz: "Do'kon xizmati vaqtincha ishlamayapti, to'lov o'tmadi. Bir necha daqiqadan so'ng urinib ko'ring.",
    en: "The shop's service is temporarily unavailable and the payment did not go through. Try again in a few minutes.",
  },
  [-31623]: {
    ru: "Сервис магазина ответил с ошибкой, платёж не прошёл. Попробуйте позже.",
    uz: "Do'kon xizmati xato bilan javob berdi, to'lov o'tmadi. Keyinroq urinib ko'ring.",
    en: "The shop's service answered with an error and the payment did not go through. Try later.",
  },
  [-32400]: {
    ru: "Системная ошибка платёжной системы, платёж не прошёл. Попробуйте позже или используйте другую карту.",
    uz: "To'lov tizimida tizim xatosi, to'lov o'tmadi. Keyinroq urinib ko'ring yoki boshqa kartadan foydalaning.",
    en: "The payment system had an internal error and the payment did not go through. Try later or use another card.",
  },
  [-32300]: {
    ru: "Платёжная система не приняла запрос. Попробуйте ещё раз.",
    uz: "To'lov tizimi so'rovni qabul qilmadi. Qayta urinib ko'ring.",
    en: "The payment system did not accept the request. Try again.",
  },
  [-31001]: {
    ru: "Сумма заказа изменилась. Обновите страницу заказа и оплатите заново.",
    uz: "Buyurtma summasi o'zgardi. Buyurtma sahifasini yangilab, qaytadan to'lang.",
    en: "The order amount has changed. Reload the order page and pay again.",
  },
  [-31003]: {
    ru: "Платёж не найден. Обновите страницу заказа.",
    uz: "To'lov topilmadi. Buyurtma sahifasini yangilang.",
    en: "The payment was not found. Reload the order page.",
  },
  [-31007]: {
    ru: "Заказ уже выполнен, поэтому отменить платёж нельзя. Обратитесь в магазин.",
    uz: "Buyurtma allaqachon bajarilgan, shuning uchun to'lovni bekor qilib bo'lmaydi. Do'konga murojaat qiling.",
    en: "The order has been fulfilled, so the payment cannot be cancelled. Contact the shop.",
  },
  [-31008]: {
    ru: "Эту операцию сейчас выполнить нельзя: заказ уже оплачивается или оплачен. Обновите страницу заказа.",
    uz: "Bu amalni hozir bajarib bo'lmaydi: buyurtma to'lanmoqda yoki allaqachon to'langan. Buyurtma sahifasini yangilang.",
    en: "This cannot be done right now: the order is already being paid or has been paid. Reload the order page.",
  },
};
// JSON-RPC envelope errors: the shopper sees the same sentence.
messages[-32700] = messages[-32300]!;
messages[-32600] = messages[-32300]!;
messages[-32601] = messages[-32300]!;

const orderNotPayable: LocalizedText = {
  ru: "Заказ не найден или уже не ожидает оплаты. Обновите страницу заказа.",
  uz: "Buyurtma topilmadi yoki endi to'lovni kutmayapti. Buyurtma sahifasini yangilang.",
  en: "The order was not found or is no longer awaiting payment. Reload the order page.",
};

const reasonMessages: Record<CardUnavailableReason, LocalizedText> = {
  sms_not_connected: {
    ru: "К этой карте не подключено SMS-информирование, поэтому код подтверждения не может быть отправлен. Подключите его в банке или используйте другую карту.",
    uz: "Bu kartaga SMS-xabarnoma ulanmagan, shuning uchun tasdiqlash kodi yuborilmaydi. Uni bankda ulang yoki boshqa kartadan foydalaning.",
    en: "SMS notifications are not enabled for this card, so no confirmation code can be sent. Enable them at your bank or use another card.",
  },
  card_expired: {
    ru: "Срок действия этой карты истёк. Используйте другую карту.",
    uz: "Bu kartaning amal qilish muddati tugagan. Boshqa kartadan foydalaning.",
    en: "This card has expired. Use another card.",
  },
  card_blocked: {
    ru: "Эта карта заблокирована. Используйте другую карту или обратитесь в банк.",
    uz: "Bu karta bloklangan. Boshqa kartadan foydalaning yoki bankka murojaat qiling.",
    en: "This card is blocked. Use another card or contact your bank.",
  },
};

const transportMessages: Record<number, LocalizedText> = {
  [transportErrorCodes.timeout]: {
    ru: "Платёжная система не ответила вовремя. Не платите повторно, пока не проверите статус заказа.",
    uz: "To'lov tizimi o'z vaqtida javob bermadi. Buyurtma holatini tekshirmaguningizcha qayta to'lamang.",
    en: "The payment system did not answer in time. Do not pay again before checking the order's status.",
  },
  [transportErrorCodes.network]: {
    ru: "Нет связи с платёжной системой. Проверьте подключение к интернету и попробуйте ещё раз.",
    uz: "To'lov tizimi bilan aloqa yo'q. Internet aloqasini tekshirib, qayta urinib ko'ring.",
    en: "The payment system cannot be reached. Check your internet connection and try again.",
  },
  [transportErrorCodes.protocol]: {
    ru: "Платёжная система ответила непонятно. Попробуйте позже.",
    uz: "To'lov tizimi tushunarsiz javob berdi. Keyinroq urinib ko'ring.",
    en: "The payment system gave an answer we could not read. Try later.",
  },
  [transportErrorCodes.params]: {
    ru: "Данные платежа заполнены неверно. Проверьте их и попробуйте ещё раз.",
    uz: "To'lov ma'lumotlari noto'g'ri to'ldirilgan. Ularni tekshirib, qayta urinib ko'ring.",
    en: "The payment details are not filled in correctly. Check them and try again.",
  },
};

const fallback: LocalizedText = {
  ru: `Платёж не прошёл. ${tryAgain.ru}`,
  uz: `To'lov o'tmadi. ${tryAgain.uz}`,
  en: `The payment did not go through. ${tryAgain.en}`,
};

function reasonOf(data: unknown): CardUnavailableReason | undefined {
  const value = typeof data === "string" ? data : (data as { reason?: unknown } | null)?.reason;
  return (cardUnavailableReasons as readonly unknown[]).includes(value) ? (value as CardUnavailableReason) : undefined;
}

/** The shopper's sentence for a Subscribe error code (and its `data`, when it names a reason). */
export function subscribeErrorMessage(code: number, data?: unknown): LocalizedText {
  if (code === subscribeErrorCodes.cardUnavailable) {
    const reason = reasonOf(data);
    if (reason) return reasonMessages[reason];
  }
  if (code <= -31050 && code >= -31099) return orderNotPayable;
  return messages[code] ?? transportMessages[code] ?? fallback;
}

/** Every code that has its own message (for tests and documentation). */
export function documentedSubscribeCodes(): number[] {
  return [...Object.keys(messages), ...Object.keys(transportMessages)].map(Number);
}

function providerText(message: unknown): string | undefined {
  if (typeof message === "string") return message;
  if (message && typeof message === "object") {
    const record = message as Record<string, unknown>;
    const text = record.ru ?? record.en ?? record.uz;
    return typeof text === "string" ? text : undefined;
  }
  return undefined;
}

/**
 * One typed error for every failed Subscribe call. `message` (Error's) is for logs: method, code
 * and Payme's own text; `shopperMessage(locale)` is what the shopper reads.
 */
export class SubscribeError extends Error {
  readonly code: number;
  readonly method: string;
  readonly data: unknown;
  readonly kind: SubscribeErrorKind;
  /** Payme's own message text, for logs only. */
  readonly providerMessage: string | undefined;

  constructor(init: { code: number; method: string; data?: unknown; kind?: SubscribeErrorKind; providerMessage?: unknown }) {
    const kind = init.kind ?? "rpc";
    const providerMessage = providerText(init.providerMessage);
    super(`Payme ${init.method} failed: ${kind} ${init.code}${providerMessage ? ` (${providerMessage})` : ""}`);
    this.name = "SubscribeError";
    this.code = init.code;
    this.method = init.method;
    this.data = init.data;
    this.kind = kind;
    this.providerMessage = providerMessage;
  }

  /** No answer came: a mutation may or may not have happened until the receipt is checked. */
  get outcomeUnknown(): boolean {
    return this.kind === "timeout" || this.kind === "network";
  }

  get localized(): LocalizedText {
    return subscribeErrorMessage(this.code, this.data);
  }

  shopperMessage(locale: ShopperLocale = "ru"): string {
    return this.localized[locale];
  }

  /** A plain object that crosses a server action's boundary (no stack, no provider text). */
  toJSON() {
    return { code: this.code, method: this.method, kind: this.kind, message: this.localized };
  }
}

export function isSubscribeError(error: unknown): error is SubscribeError {
  return error instanceof SubscribeError;
}
