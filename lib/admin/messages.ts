/**
 * The admin's texts moved to lib/i18n/messages/admin/ (one message mechanism with the shop);
 * this re-export keeps imports that other branches still use working until they switch to
 * "@/lib/i18n/admin".
 */
export { adminTranslator, isAdminMessageKey, tDynamic, type AdminMessageKey, type AdminTranslate } from "../i18n/admin";
