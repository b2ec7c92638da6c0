import type { Locale } from "./locales";
import { adminEn } from "./messages/admin/en";
import { adminRu } from "./messages/admin/ru";
import { adminUz } from "./messages/admin/uz";
import { interpolate } from "./translate";
import type { Catalog, CatalogArgs } from "./types";

type AdminRu = typeof adminRu;
export type AdminMessageKey = keyof AdminRu;
/** The shape of the admin's uz and en texts: the Russian keys, each placeholder kept. */
export type AdminMessages = Catalog<AdminRu>;
export type AdminTranslate = <Key extends AdminMessageKey>(key: Key, ...args: CatalogArgs<AdminRu[Key]>) => string;

export const adminDictionaries: Readonly<Record<Locale, AdminMessages>> = { ru: adminRu, uz: adminUz, en: adminEn };

/** `t("order.title", { number: 12 })` → "Заказ №12" in the admin's language. */
export function adminTranslator(locale: Locale): AdminTranslate {
  const messages = adminDictionaries[locale];
  return (key, ...args) => interpolate(messages[key], args[0] as Record<string, string | number> | undefined);
}

/** For keys built at run time (`status.${status}`): the key when it exists, else the raw value. */
export function isAdminMessageKey(key: string): key is AdminMessageKey {
  return Object.hasOwn(adminRu, key);
}

/** Translates a key built at run time (`status.${status}`); an unknown key shows `fallback`. */
export function tDynamic(t: AdminTranslate, key: string, fallback: string = key, params?: Record<string, string | number>): string {
  return isAdminMessageKey(key) ? (t as (key: AdminMessageKey, params?: Record<string, string | number>) => string)(key, params) : fallback;
}
