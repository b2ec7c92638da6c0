import type { Locale } from "../../i18n/locales";
import type { ReturnRejection } from "./callbacks";
import { robokassaDescription } from "./receipt";

/** Robokassa's shopper-facing texts in ru, uz and en. */
export type LocalizedText = Record<Locale, string>;

/**
 * Robokassa's page speaks ru and en only: Uzbek shoppers get Russian, the language Robokassa's
 * card forms and banks' 3-D Secure pages in the region use.
 */
export function robokassaCulture(locale: Locale): "ru" | "en" {
  return locale === "en" ? "en" : "ru";
}

const description: LocalizedText = { ru: "Оплата заказа №{number}", uz: "Buyurtma №{number} uchun to'lov", en: "Payment for order #{number}" };

/** The payment's `Description` in the shopper's language (≤ 100 characters). */
export function robokassaDescriptionFor(orderNumber: string, locale: Locale, shopName?: string): string {
  const text = description[locale].replace("{number}", orderNumber);
  return robokassaDescription(shopName ? `${text} — ${shopName}` : text);
}

/** What the shopper sees when SuccessURL or FailURL cannot lead to an order. */
export const returnRejectionMessages: Record<ReturnRejection, LocalizedText> = {
  malformed: {
    ru: "Ссылка возврата из Robokassa повреждена. Откройте заказ по ссылке из письма или из магазина.",
    uz: "Robokassa'dan qaytish havolasi buzilgan. Buyurtmani xat yoki do'kondagi havola orqali oching.",
    en: "The link back from Robokassa is damaged. Open the order from your email or from the shop.",
  },
  bad_signature: {
    ru: "Не удалось подтвердить, что ссылка пришла от Robokassa. Статус оплаты смотрите на странице заказа.",
    uz: "Havola Robokassa'dan kelganini tasdiqlab bo'lmadi. To'lov holatini buyurtma sahifasida ko'ring.",
    en: "We could not confirm that this link came from Robokassa. See the payment status on the order page.",
  },
  unknown_invoice: {
    ru: "Платёж с таким номером не найден.",
    uz: "Bunday raqamli to'lov topilmadi.",
    en: "No payment with this number was found.",
  },
  not_configured: {
    ru: "Оплата через Robokassa временно недоступна. Попробуйте позже или выберите другой способ.",
    uz: "Robokassa orqali to'lov vaqtincha mavjud emas. Keyinroq urinib ko'ring yoki boshqa usulni tanlang.",
    en: "Paying with Robokassa is unavailable right now. Try later or choose another way to pay.",
  },
  hash_unavailable: {
    ru: "Оплата через Robokassa временно недоступна. Попробуйте позже или выберите другой способ.",
    uz: "Robokassa orqali to'lov vaqtincha mavjud emas. Keyinroq urinib ko'ring yoki boshqa usulni tanlang.",
    en: "Paying with Robokassa is unavailable right now. Try later or choose another way to pay.",
  },
};

/** The order page's note after a refusal on Robokassa's page (FailURL). */
export const returnOutcomeMessages: Record<"failed", LocalizedText> = {
  failed: {
    ru: "Оплата не прошла. Заказ не оплачен — можно попробовать ещё раз.",
    uz: "To'lov amalga oshmadi. Buyurtma to'lanmagan — qayta urinib ko'rishingiz mumkin.",
    en: "The payment did not go through. The order is unpaid — you can try again.",
  },
};
