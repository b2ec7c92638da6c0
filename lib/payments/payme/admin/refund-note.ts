import type { SqlExecutor } from "../../../db/sql";
import type { LocalizedText } from "../../../i18n/localized-text";

/** A payment by card in the form on our page: a Subscribe receipt, which Payme cancels only as a whole. */
const cardFormNote: LocalizedText = {
  ru: "Оплачен картой в форме на нашей странице (чек Payme). Кнопка «Вернуть» возвращает его через Payme только целиком: Payme отменяет чек полностью, частичного возврата по чеку у Payme нет.",
  uz: "Bizning sahifadagi formada karta bilan to'langan (Payme cheki). «Qaytarish» tugmasi uni Payme orqali faqat to'liq qaytaradi: Payme chekni butunlay bekor qiladi, chek bo'yicha qisman qaytarish Payme'da yo'q.",
  en: "Paid by card in the form on our page (a Payme receipt). The Refund button returns it through Payme, in full only: Payme cancels a receipt as a whole and has no partial refund of it.",
};

/** A payment on Payme's own page: a Merchant API transaction, refunded only from Payme's cabinet, as a whole. */
const hostedPageNote: LocalizedText = {
  ru: "Оплачен на странице Payme. Такой платёж Payme возвращает только целиком и только из своего кабинета: кнопка «Вернуть» одобряет возврат, затем оформите его в кабинете Payme — он появится здесь, когда Payme сообщит о нём.",
  uz: "Payme sahifasida to'langan. Bunday to'lovni Payme faqat to'liq va faqat o'z kabinetidan qaytaradi: «Qaytarish» tugmasi qaytarishni ma'qullaydi, so'ng uni Payme kabinetida rasmiylashtiring — Payme xabar berganda u shu yerda ko'rinadi.",
  en: "Paid on Payme's own page. Payme refunds such a payment only in full and only from its merchant cabinet: the Refund button approves the refund; then make it in Payme's cabinet, and it appears here when Payme reports it.",
};

/** The refund note of one Payme payment: a receipt of ours was paid in the card form, anything else on Payme's page. */
export async function paymeRefundNote(sql: SqlExecutor, reference: string): Promise<LocalizedText> {
  const receipt = await sql.get<{ id: number }>(`SELECT "id" FROM "PaymeReceipt" WHERE "paymeId" = ?`, [reference]);
  return receipt ? cardFormNote : hostedPageNote;
}
