import type { Locale } from "../../i18n/locales";
import { interpolate } from "../../i18n/interpolate";
import type { Catalog, CatalogArgs } from "../../i18n/types";

/**
 * Click's texts for people (issue 11 §7): the order page's buttons and pay by phone, the SHOP API
 * codes as people read them (admin history), and the admin's refund outcomes. Russian defines
 * the keys and `{placeholders}`; uz and en must keep them (the types below and messages.test.ts
 * check both). Click's wire `error_note`s are not here: they are Click's, in English, verbatim
 * (errors.ts). Safe in the browser: no server imports.
 */
const clickRu = {
  "pay.button": "Оплатить через Click",
  "pay.loading": "Готовим ссылку Click…",
  "pay.error": "Не удалось получить ссылку Click.",
  "pay.retry": "Повторить",
  "pay.qr": "QR-код для оплаты в приложении Click",
  "pay.qrHint": "Отсканируйте камерой телефона",
  "pay.notPayable": "Заказ сейчас нельзя оплатить.",

  "phone.button": "Выставить счёт в приложение Click",
  "phone.hint": "Счёт придёт в приложение Click на номер заказа {phone}.",
  "phone.sending": "Выставляем счёт…",
  "phone.confirm": "Подтвердите оплату в приложении Click. Счёт отправлен на номер {phone}.",
  "phone.waiting": "Ждём подтверждения в приложении Click…",
  "phone.paid": "Счёт оплачен. Статус заказа обновится через несколько секунд.",
  "phone.rejected": "Счёт отклонён в приложении Click. Вы можете выставить новый счёт или оплатить другим способом.",
  "phone.expired": "Срок оплаты счёта истёк. Вы можете выставить новый счёт или оплатить другим способом.",
  "phone.again": "Выставить новый счёт",
  "phone.noPhone": "В заказе нет номера телефона Узбекистана: оплатите по ссылке Click.",
  "phone.tooSoon": "Счёт уже выставлен недавно. Новый можно выставить через {seconds} с.",
  "phone.notPayable": "Заказ сейчас нельзя оплатить: обновите страницу заказа.",
  "phone.notConfigured": "Оплата по номеру телефона через Click сейчас недоступна. Оплатите по ссылке Click.",
  "phone.clickRefused": "Click не выставил счёт (код {code}). Попробуйте позже или оплатите по ссылке Click.",
  "phone.unavailable": "Click не ответил. Попробуйте позже или оплатите по ссылке Click.",
  "phone.statusUnknown": "Не удалось узнать статус счёта. Не оплачивайте повторно: статус заказа обновится сам.",
  "phone.invalid": "Неверный запрос. Обновите страницу заказа.",

  "code.0": "Успешно",
  "code.-1": "Ошибка проверки подписи",
  "code.-2": "Неверная сумма платежа",
  "code.-3": "Действие не найдено",
  "code.-4": "Заказ уже оплачен",
  "code.-5": "Заказ не найден",
  "code.-6": "Транзакция не найдена",
  "code.-7": "Не удалось обновить заказ",
  "code.-8": "Ошибка в запросе от Click",
  "code.-9": "Транзакция отменена",

  "refund.noAnswer": "Click не ответил на запрос возврата; проверьте платёж в кабинете Click перед повтором.",
  "refund.notReversible": "Click сообщает статус платежа {status}, а не «успешен»: возможно, он уже возвращён. Проверьте платёж в кабинете Click; здесь ничего не записано.",
} as const;

type ClickRu = typeof clickRu;
export type ClickMessageKey = keyof ClickRu;

const clickUz: Catalog<ClickRu> = {
  "pay.button": "Click orqali to'lash",
  "pay.loading": "Click havolasi tayyorlanmoqda…",
  "pay.error": "Click havolasini olib bo'lmadi.",
  "pay.retry": "Qayta urinish",
  "pay.qr": "Click ilovasida to'lash uchun QR-kod",
  "pay.qrHint": "Telefon kamerasi bilan skanerlang",
  "pay.notPayable": "Buyurtmani hozir to'lab bo'lmaydi.",

  "phone.button": "Click ilovasiga hisob yuborish",
  "phone.hint": "Hisob buyurtmadagi {phone} raqamiga Click ilovasida keladi.",
  "phone.sending": "Hisob yuborilmoqda…",
  "phone.confirm": "To'lovni Click ilovasida tasdiqlang. Hisob {phone} raqamiga yuborildi.",
  "phone.waiting": "Click ilovasida tasdiqlash kutilmoqda…",
  "phone.paid": "Hisob to'landi. Buyurtma holati bir necha soniyada yangilanadi.",
  "phone.rejected": "Hisob Click ilovasida rad etildi. Yangi hisob yuborishingiz yoki boshqa usulda to'lashingiz mumkin.",
  "phone.expired": "Hisobni to'lash muddati tugadi. Yangi hisob yuborishingiz yoki boshqa usulda to'lashingiz mumkin.",
  "phone.again": "Yangi hisob yuborish",
  "phone.noPhone": "Buyurtmada O'zbekiston telefon raqami yo'q: Click havolasi orqali to'lang.",
  "phone.tooSoon": "Hisob yaqinda yuborilgan. Yangisini {seconds} soniyadan so'ng yuborish mumkin.",
  "phone.notPayable": "Buyurtmani hozir to'lab bo'lmaydi: buyurtma sahifasini yangilang.",
  "phone.notConfigured": "Click orqali telefon raqami bo'yicha to'lov hozir mavjud emas. Click havolasi orqali to'lang.",
  "phone.clickRefused": "Click hisob yubormadi (kod {code}). Keyinroq urinib ko'ring yoki Click havolasi orqali to'lang.",
  "phone.unavailable": "Click javob bermadi. Keyinroq urinib ko'ring yoki Click havolasi orqali to'lang.",
  "phone.statusUnknown": "Hisob holatini bilib bo'lmadi. Qayta to'lamang: buyurtma holati o'zi yangilanadi.",
  "phone.invalid": "Noto'g'ri so'rov. Buyurtma sahifasini yangilang.",

  "code.0": "Muvaffaqiyatli",
  "code.-1": "Imzo tekshiruvi muvaffaqiyatsiz",
  "code.-2": "To'lov summasi noto'g'ri",
  "code.-3": "Amal topilmadi",
  "code.-4": "Buyurtma allaqachon to'langan",
  "code.-5": "Buyurtma topilmadi",
  "code.-6": "Tranzaksiya topilmadi",
  "code.-7": "Buyurtmani yangilab bo'lmadi",
  "code.-8": "Click so'rovida xatolik",
  "code.-9": "Tranzaksiya bekor qilindi",

  "refund.noAnswer": "Click qaytarish so'roviga javob bermadi; qayta urinishdan oldin to'lovni Click kabinetida tekshiring.",
  "refund.notReversible": "Click to'lov holatini {status} deb ko'rsatmoqda, «muvaffaqiyatli» emas: ehtimol, u allaqachon qaytarilgan. To'lovni Click kabinetida tekshiring; bu yerda hech narsa yozilmadi.",
};

const clickEn: Catalog<ClickRu> = {
  "pay.button": "Pay with Click",
  "pay.loading": "Preparing the Click link…",
  "pay.error": "Could not get the Click link.",
  "pay.retry": "Try again",
  "pay.qr": "QR code to pay in the Click app",
  "pay.qrHint": "Scan it with your phone's camera",
  "pay.notPayable": "The order cannot be paid now.",

  "phone.button": "Send an invoice to the Click app",
  "phone.hint": "The invoice goes to the Click app of the order's phone {phone}.",
  "phone.sending": "Sending the invoice…",
  "phone.confirm": "Confirm the payment in the Click app. The invoice was sent to {phone}.",
  "phone.waiting": "Waiting for your confirmation in the Click app…",
  "phone.paid": "The invoice is paid. The order's status updates in a few seconds.",
  "phone.rejected": "The invoice was rejected in the Click app. You can send a new invoice or pay another way.",
  "phone.expired": "The invoice expired unpaid. You can send a new invoice or pay another way.",
  "phone.again": "Send a new invoice",
  "phone.noPhone": "The order has no Uzbek phone number: pay with the Click link.",
  "phone.tooSoon": "An invoice was sent a moment ago. You can send a new one in {seconds} s.",
  "phone.notPayable": "The order cannot be paid now: reload the order page.",
  "phone.notConfigured": "Paying by phone with Click is not available right now. Pay with the Click link.",
  "phone.clickRefused": "Click did not create the invoice (code {code}). Try later or pay with the Click link.",
  "phone.unavailable": "Click did not answer. Try later or pay with the Click link.",
  "phone.statusUnknown": "The invoice's status is unknown right now. Do not pay again: the order's status updates by itself.",
  "phone.invalid": "Invalid request. Reload the order page.",

  "code.0": "Success",
  "code.-1": "Signature check failed",
  "code.-2": "Incorrect payment amount",
  "code.-3": "Action not found",
  "code.-4": "The order is already paid",
  "code.-5": "Order not found",
  "code.-6": "Transaction not found",
  "code.-7": "Failed to update the order",
  "code.-8": "Error in the request from Click",
  "code.-9": "Transaction cancelled",

  "refund.noAnswer": "Click did not answer the reversal; check the payment in Click's cabinet before trying again.",
  "refund.notReversible": "Click reports the payment's status as {status}, not successful: it may be reversed already. Check the payment in Click's cabinet; nothing was recorded here.",
};

export const clickDictionaries: Readonly<Record<Locale, Catalog<ClickRu>>> = { ru: clickRu, uz: clickUz, en: clickEn };

/** One message in every language, `{ru, uz, en}` (outcomes chosen on the server, shown in the reader's language). */
export function clickText<Key extends ClickMessageKey>(key: Key, ...args: CatalogArgs<ClickRu[Key]>): Record<Locale, string> {
  const params = args[0] as Record<string, string | number> | undefined;
  return { ru: interpolate(clickRu[key], params), uz: interpolate(clickUz[key], params), en: interpolate(clickEn[key], params) };
}

/** One message in one language (the order page's components). */
export function clickT<Key extends ClickMessageKey>(locale: Locale, key: Key, ...args: CatalogArgs<ClickRu[Key]>): string {
  const params = args[0] as Record<string, string | number> | undefined;
  return interpolate(clickDictionaries[locale][key], params);
}
