import type { Locale } from "../../i18n/locales";
import { currencySchema, formatMoneyPlain } from "../../money/money";
import type { BuyerMessageKind } from "./adapter";

type Texts = { subject: string; text: string };
type Compose = (input: { number: number; amount: string }) => Texts;

/** The buyer's messages per kind and language ({number}: the order number, {amount}: formatted). */
const messages: Record<BuyerMessageKind, Record<Locale, Compose>> = {
  paid: {
    ru: ({ number, amount }) => ({ subject: `Заказ №${number} оплачен`, text: `Заказ №${number} оплачен: ${amount}. Спасибо за покупку!` }),
    uz: ({ number, amount }) => ({ subject: `${number}-buyurtma to'landi`, text: `${number}-buyurtma to'landi: ${amount}. Xaridingiz uchun rahmat!` }),
    en: ({ number, amount }) => ({ subject: `Order ${number} is paid`, text: `Order ${number} is paid: ${amount}. Thank you for your purchase!` }),
  },
  paid_1c: {
    ru: ({ number, amount }) => ({ subject: `Оплата заказа №${number} получена`, text: `Магазин получил оплату заказа №${number}: ${amount}. Спасибо!` }),
    uz: ({ number, amount }) => ({ subject: `${number}-buyurtma uchun to'lov qabul qilindi`, text: `Do'kon ${number}-buyurtma uchun to'lovni qabul qildi: ${amount}. Rahmat!` }),
    en: ({ number, amount }) => ({ subject: `Payment for order ${number} received`, text: `The shop received the payment for order ${number}: ${amount}. Thank you!` }),
  },
  refunded: {
    ru: ({ number, amount }) => ({ subject: `Возврат по заказу №${number}`, text: `По заказу №${number} вам возвращено ${amount}. Деньги поступят на карту в срок, установленный банком.` }),
    uz: ({ number, amount }) => ({ subject: `${number}-buyurtma bo'yicha qaytarish`, text: `${number}-buyurtma bo'yicha sizga ${amount} qaytarildi. Pul bank belgilagan muddatda kartangizga tushadi.` }),
    en: ({ number, amount }) => ({ subject: `Refund for order ${number}`, text: `${amount} of order ${number} was refunded to you. The money reaches your card within your bank's usual time.` }),
  },
};

/** The kind of buyer message an event gets, or null (only `order.paid` and `order.refunded` notify the buyer). */
export function buyerMessageKind(eventType: string, lastPaymentProvider: string | null): BuyerMessageKind | null {
  if (eventType === "order.paid") return lastPaymentProvider === "1c" ? "paid_1c" : "paid";
  if (eventType === "order.refunded") return "refunded";
  return null;
}

/** Subject and text of a buyer message; `amount` in minor units of `currency` (tiyin for UZS). */
export function composeBuyerMessage(kind: BuyerMessageKind, lang: Locale, input: { number: number; amount: bigint; currency: string }): Texts {
  const currency = currencySchema.catch("UZS").parse(input.currency);
  return messages[kind][lang]({ number: input.number, amount: formatMoneyPlain(input.amount, currency, lang) });
}
