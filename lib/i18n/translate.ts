import { interpolate } from "./interpolate";
import type { Locale } from "./locales";
import { en } from "./messages/en";
import { ru } from "./messages/ru";
import { uz } from "./messages/uz";
import { translatorFor } from "./translator";
import type { Messages, Translate } from "./types";

export { interpolate };

export const dictionaries: Readonly<Record<Locale, Messages>> = { ru, uz, en };

/** `t("order.title", { number: 12 })` → "Заказ №12" — the same function on the server and in the browser. */
export function createTranslator(locale: Locale): Translate {
  return translatorFor(dictionaries[locale]);
}
