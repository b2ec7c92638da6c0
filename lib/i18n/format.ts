import type { Locale } from "./locales";

/** Native names of the languages, for the switcher (each written in its own language). */
export const localeNames: Readonly<Record<Locale, string>> = {
  ru: "Русский",
  uz: "O'zbekcha",
  en: "English",
};

/** An ISO date (yyyy-mm-dd) as shoppers read it: 23.11.2026 in ru/uz, 23 Nov 2026 in en. */
export function formatDate(isoDate: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const [, year, month, day] = match;
  if (locale !== "en") return `${day}.${month}.${year}`;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${Number(day)} ${months[Number(month) - 1] ?? month} ${year}`;
}
