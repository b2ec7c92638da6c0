import type { ReceiptError, ReceiptFailure } from "../receipts/outcome";
import type { LocalizedText } from "../subscribe/errors";

/**
 * Failures of the card form's own steps (saved cards, PINs, invoices, sandbox QA), in the same
 * shape as the receipts domain's: a code for the UI's decisions and a sentence in each language.
 */
export type CardErrorCode =
  /** Wrong PIN; `attemptsLeft` says how many remain before the card is deleted. */
  | "wrong_pin"
  /** The third wrong PIN: the card was deleted here and at Payme. */
  | "pin_locked"
  /** Payme no longer accepts the saved card (expired, blocked, removed): it was deleted. */
  | "card_removed"
  /** No such saved card for this browser and phone. */
  | "card_not_found"
  /** Saving a card needs the order's phone. */
  | "no_phone"
  /** A payment link was sent a moment ago. */
  | "invoice_too_soon"
  /** Too many payment attempts for the order in a minute (lib/http/rate-limit.ts); `retryAfterSeconds` says when. */
  | "too_many_attempts"
  /** Sandbox-only QA actions in another mode. */
  | "sandbox_only"
  /** The order has no receipt in the state the QA action needs. */
  | "no_receipt";

export type CardError = { code: CardErrorCode; message: LocalizedText; attemptsLeft?: number; retryAfterSeconds?: number };
export type CardFailure = { ok: false; error: CardError | ReceiptError };

const messages: Record<Exclude<CardErrorCode, "wrong_pin">, LocalizedText> = {
  pin_locked: {
    ru: "PIN-код трижды введён неверно, поэтому сохранённая карта удалена. Введите данные карты заново.",
    uz: "PIN-kod uch marta noto'g'ri kiritildi, shuning uchun saqlangan karta o'chirildi. Karta ma'lumotlarini qaytadan kiriting.",
    en: "The PIN was entered wrongly three times, so the saved card has been deleted. Enter the card details again.",
  },
  card_removed: {
    ru: "Сохранённой картой больше нельзя оплатить (срок действия истёк, карта заблокирована или удалена в Payme), поэтому мы её удалили. Введите данные карты заново.",
    uz: "Saqlangan karta bilan endi to'lab bo'lmaydi (muddati tugagan, bloklangan yoki Payme'da o'chirilgan), shuning uchun uni o'chirdik. Karta ma'lumotlarini qaytadan kiriting.",
    en: "The saved card can no longer be used (it expired, was blocked or was removed at Payme), so we deleted it. Enter the card details again.",
  },
  card_not_found: {
    ru: "Сохранённая карта не найдена на этом устройстве. Обновите страницу или введите данные карты.",
    uz: "Saqlangan karta bu qurilmada topilmadi. Sahifani yangilang yoki karta ma'lumotlarini kiriting.",
    en: "The saved card was not found on this device. Reload the page or enter the card details.",
  },
  no_phone: {
    ru: "Чтобы сохранить карту, в заказе должен быть номер телефона. Оплатите без сохранения карты.",
    uz: "Kartani saqlash uchun buyurtmada telefon raqami bo'lishi kerak. Kartani saqlamasdan to'lang.",
    en: "To save a card, the order needs a phone number. Pay without saving the card.",
  },
  invoice_too_soon: {
    ru: "Ссылка на оплату уже отправлена. Новую можно запросить через минуту.",
    uz: "To'lov havolasi allaqachon yuborildi. Yangisini bir daqiqadan so'ng so'rash mumkin.",
    en: "A payment link has just been sent. You can ask for a new one in a minute.",
  },
  too_many_attempts: {
    ru: "Слишком много попыток оплаты за минуту. Повторите чуть позже.",
    uz: "Bir daqiqada to'lashga urinishlar juda ko'p. Birozdan so'ng qayta urinib ko'ring.",
    en: "Too many payment attempts in a minute. Please try again a little later.",
  },
  sandbox_only: {
    ru: "Это действие доступно только в песочнице.",
    uz: "Bu amal faqat sinov muhitida (sandbox) mavjud.",
    en: "This action is available in the sandbox only.",
  },
  no_receipt: {
    ru: "У заказа нет чека Payme в нужном состоянии. Обновите страницу заказа.",
    uz: "Buyurtmada kerakli holatdagi Payme cheki yo'q. Buyurtma sahifasini yangilang.",
    en: "The order has no Payme receipt in the required state. Reload the order page.",
  },
};

function wrongPinText(attemptsLeft: number): LocalizedText {
  return {
    ru: `Неверный PIN-код. Осталось попыток: ${attemptsLeft}. После третьей ошибки карта будет удалена.`,
    uz: `PIN-kod noto'g'ri. Qolgan urinishlar: ${attemptsLeft}. Uchinchi xatodan so'ng karta o'chiriladi.`,
    en: `Wrong PIN. Attempts left: ${attemptsLeft}. After the third wrong PIN the card is deleted.`,
  };
}

export function cardFailure(code: Exclude<CardErrorCode, "wrong_pin">, retryAfterSeconds?: number): CardFailure {
  return { ok: false, error: { code, message: messages[code], ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) } };
}

export function wrongPin(attemptsLeft: number): CardFailure {
  return { ok: false, error: { code: "wrong_pin", message: wrongPinText(attemptsLeft), attemptsLeft } };
}

export function fromReceiptFailure(failure: ReceiptFailure): CardFailure {
  return { ok: false, error: failure.error };
}
