import type { Locale } from "../../i18n/locales";

/** The emulator's shopper-facing texts in ru/uz/en (Click's pages speak all three). */
const dictionary = {
  title: { ru: "Оплата через CLICK", uz: "CLICK orqali to'lov", en: "Pay with CLICK" },
  sandbox: { ru: "Песочница: деньги не списываются", uz: "Sinov muhiti: pul yechilmaydi", en: "Sandbox: no money moves" },
  order: { ru: "Заказ № {order}", uz: "Buyurtma № {order}", en: "Order #{order}" },
  card: { ru: "Карта {card}", uz: "{card} karta", en: "{card} card" },
  pay: { ru: "Оплатить", uz: "To'lash", en: "Pay" },
  decline: { ru: "Карта отклонена (недостаточно средств)", uz: "Karta rad etildi (mablag' yetarli emas)", en: "Card declined (insufficient funds)" },
  paid: { ru: "Оплата прошла", uz: "To'lov amalga oshirildi", en: "Payment successful" },
  failed: { ru: "Оплата не прошла", uz: "To'lov amalga oshmadi", en: "Payment failed" },
  refused: { ru: "Магазин отклонил платёж: {note}", uz: "Do'kon to'lovni rad etdi: {note}", en: "The shop refused the payment: {note}" },
  returned: { ru: "Магазин не принял платёж, деньги возвращены", uz: "Do'kon to'lovni qabul qilmadi, pul qaytarildi", en: "The shop did not accept the payment; the money was returned" },
  parked: { ru: "Магазин не ответил, платёж на проверке", uz: "Do'kon javob bermadi, to'lov tekshiruvda", en: "The shop did not answer; the payment is under review" },
  reversed: { ru: "Платёж возвращён", uz: "To'lov qaytarildi", en: "Payment reversed" },
  back: { ru: "Вернуться в магазин", uz: "Do'konga qaytish", en: "Back to the shop" },
  badLink: { ru: "Неверная ссылка на оплату: {field}", uz: "To'lov havolasi noto'g'ri: {field}", en: "Invalid payment link: {field}" },
  gone: { ru: "Платёж не найден", uz: "To'lov topilmadi", en: "Payment not found" },
  invoiceTitle: { ru: "Счёт в приложении CLICK", uz: "CLICK ilovasidagi hisob", en: "Invoice in the CLICK app" },
  invoicePhone: { ru: "Счёт для номера {phone}", uz: "{phone} raqami uchun hisob", en: "Invoice for {phone}" },
  confirm: { ru: "Подтвердить оплату", uz: "To'lovni tasdiqlash", en: "Confirm payment" },
  reject: { ru: "Отклонить", uz: "Rad etish", en: "Reject" },
  invoiceWaiting: { ru: "ждёт подтверждения", uz: "tasdiqlash kutilmoqda", en: "awaiting confirmation" },
  noInvoices: { ru: "Счетов нет", uz: "Hisoblar yo'q", en: "No invoices" },
  invoiceRejected: { ru: "Счёт отклонён", uz: "Hisob rad etildi", en: "Invoice rejected" },
} as const satisfies Record<string, Record<Locale, string>>;

export type ClickMessageKey = keyof typeof dictionary;

export function clickText(lang: Locale, key: ClickMessageKey, params: Record<string, string> = {}): string {
  return dictionary[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
