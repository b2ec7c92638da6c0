import type { Locale } from "../i18n/locales";
import { formatMoney } from "../money";

/** Times as the merchant reads them: Tashkent time, 24 h, e.g. 23.11.2026, 14:05. */
export function formatTime(date: Date | null | undefined, locale: Locale): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale === "uz" ? "uz-Latn-UZ" : "ru-RU", {
    timeZone: "Asia/Tashkent",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(date);
}

export function formatSum(tiyin: bigint, locale: Locale): string {
  return formatMoney(tiyin, "UZS", locale);
}

/** Today in Tashkent as yyyy-mm-dd (the default end of date ranges). */
export function tashkentDay(date: Date = new Date()): string {
  return new Date(date.getTime() + 5 * 60 * 60_000).toISOString().slice(0, 10);
}
