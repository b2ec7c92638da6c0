import { z } from "zod";

/*
 * The Subscribe API as the emulator reads and writes it, written from the protocol file
 * (../shared/docs/protocols/payme-subscribe-api.md) apart from the store's client
 * (lib/payments/payme/subscribe/): a misreading of the protocol made in one is then not copied
 * into the other, and the tests between them can catch it. Payme's side: params are what Payme
 * accepts, receipts what it answers.
 */

/** Receipt states, as Payme numbers them ("Состояния чека"). */
export const RECEIPT = {
  /** Created, not paid. */
  created: 0,
  /** First checks: the billing's transaction is being created. */
  checking: 1,
  /** The card is being debited. */
  debiting: 2,
  /** The billing's transaction is being closed. */
  closing: 3,
  paid: 4,
  /** Funds held on the card (`hold: true`). */
  held: 5,
  /** Paused: the billing refused to cancel; needs a person at Payme. */
  paused: 20,
  /** Queued for cancellation. */
  cancelQueued: 21,
  /** Queued for closing in the billing (PerformTransaction to retry). */
  closeQueued: 30,
  cancelled: 50,
} as const;

/** A receipt as the emulator answers it (receipts.create, pay, get…; get_all's items). */
export type WireReceipt = {
  _id: string;
  create_time: number;
  pay_time: number;
  cancel_time: number;
  state: number;
  type: number;
  external: boolean;
  operation: number;
  category: null;
  error: null | { code: number; message: unknown };
  description: string;
  detail: unknown;
  /** Tiyin. */
  amount: number;
  /** 860: UZS. */
  currency: number;
  commission: number;
  account: { name: string; title: string; value: string; main: boolean }[];
  card: null | { number: string; expire: string };
  merchant: Record<string, unknown>;
  meta: unknown;
  processing_id: null;
  fiscal_data?: unknown;
};

const id = z.string().min(1).max(64);
const token = z.string().min(1).max(4096);
/** A whole, positive number of tiyin that JSON carries exactly. */
const amount = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const epochMs = z.number().int().min(0);
/** Digits only, with the country code: `998901304527`. */
const phone = z.string().regex(/^[0-9]{9,15}$/);

/** Fiscal detail of receipts.create: the emulator keeps it, checking its outline only. */
const detail = z.looseObject({
  receipt_type: z.number().int(),
  items: z.array(z.looseObject({ title: z.string().min(1), price: z.number().int().min(0), count: z.number().positive(), code: z.string().min(1) })),
});

export const createParams = z.object({
  amount,
  account: z.record(z.string(), z.union([z.string(), z.number()])),
  description: z.string().max(1000).optional(),
  detail: detail.optional(),
  hold: z.boolean().optional(),
});

export const payParams = z.object({
  id,
  token,
  payer: z.looseObject({ phone: phone.optional(), ip: z.string().max(64).optional() }).optional(),
  hold: z.boolean().optional(),
});

export const sendParams = z.object({ id, phone });
export const idParams = z.object({ id });
export const getAllParams = z.object({ count: z.number().int().min(1).max(50), from: epochMs, to: epochMs, offset: z.number().int().min(0) });
export const setFiscalDataParams = z.object({
  id,
  fiscal_data: z.looseObject({ receipt_id: z.number().int(), qr_code_url: z.string().min(1) }),
});

/**
 * Every method the emulator answers and who may call it: `browser` methods take `X-Auth: {id}`
 * (the cashbox id alone), the others `X-Auth: {id}:{key}`.
 */
export const METHODS = {
  "cards.create": "browser",
  "cards.get_verify_code": "browser",
  "cards.verify": "browser",
  "cards.check": "server",
  "cards.remove": "server",
  "receipts.create": "server",
  "receipts.pay": "server",
  "receipts.send": "server",
  "receipts.cancel": "server",
  "receipts.check": "server",
  "receipts.get": "server",
  "receipts.get_all": "server",
  "receipts.set_fiscal_data": "server",
  "receipts.confirm_hold": "server",
} as const satisfies Record<string, "browser" | "server">;

export type Method = keyof typeof METHODS;

export function isMethod(name: string): name is Method {
  return Object.hasOwn(METHODS, name);
}

type Text = { ru: string; uz: string; en: string };

/** What Payme writes in `error.message` for each code the emulator answers (its own words). */
const TEXTS: Record<number, Text> = {
  [-31002]: { ru: "Процессинговый сервер недоступен", uz: "Protsessing serveri ishlamayapti", en: "Processing server is unavailable" },
  [-31003]: { ru: "Чек не найден", uz: "Chek topilmadi", en: "Receipt not found" },
  [-31008]: { ru: "Операция невозможна в текущем состоянии чека", uz: "Chekning joriy holatida amal bajarilmaydi", en: "Operation not allowed in the receipt's state" },
  [-31101]: { ru: "Срок действия кода истёк", uz: "Kodning amal qilish muddati tugadi", en: "The code has expired" },
  [-31102]: { ru: "Превышено число попыток ввода кода", uz: "Kod kiritish urinishlari tugadi", en: "Too many attempts to enter the code" },
  [-31103]: { ru: "Неверный код", uz: "Kod noto'g'ri", en: "Wrong code" },
  [-31300]: { ru: "Неверный номер или срок действия карты", uz: "Karta raqami yoki amal qilish muddati noto'g'ri", en: "Invalid card number or expiry" },
  [-31301]: { ru: "Карта недоступна", uz: "Karta mavjud emas", en: "The card is unavailable" },
  [-31400]: { ru: "Карта не найдена", uz: "Karta topilmadi", en: "Card not found" },
  [-32300]: { ru: "Метод запроса должен быть POST", uz: "So'rov usuli POST bo'lishi kerak", en: "The request method must be POST" },
  [-32400]: { ru: "Системная ошибка", uz: "Tizim xatosi", en: "System error" },
  [-32504]: { ru: "Недостаточно привилегий", uz: "Huquqlar yetarli emas", en: "Insufficient privileges" },
  [-32600]: { ru: "Неверный запрос", uz: "So'rov noto'g'ri", en: "Invalid request" },
  [-32601]: { ru: "Метод не найден", uz: "Usul topilmadi", en: "Method not found" },
  [-32602]: { ru: "Неверные параметры", uz: "Parametrlar noto'g'ri", en: "Invalid params" },
  [-32700]: { ru: "Ошибка разбора JSON", uz: "JSON tahlil xatosi", en: "JSON parse error" },
};

/** -31301 with a named reason (the emulator's test cards name one in `data`). */
const CARD_REASONS: Record<string, Text> = {
  sms_not_connected: { ru: "К карте не подключено SMS-информирование", uz: "Kartaga SMS-xabarnoma ulanmagan", en: "SMS notifications are not enabled for the card" },
  card_expired: { ru: "Срок действия карты истёк", uz: "Kartaning amal qilish muddati tugagan", en: "The card has expired" },
  card_blocked: { ru: "Карта заблокирована", uz: "Karta bloklangan", en: "The card is blocked" },
};

const UNKNOWN: Text = { ru: "Ошибка", uz: "Xato", en: "Error" };

/** The `{ru, uz, en}` message of an error answer with `code` (and `data`, for -31301). */
export function errorText(code: number, data?: unknown): Text {
  if (code === -31301 && typeof data === "string" && Object.hasOwn(CARD_REASONS, data)) return CARD_REASONS[data]!;
  return TEXTS[code] ?? UNKNOWN;
}
