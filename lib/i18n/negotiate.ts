import { defaultLocale, toLocale, type Locale } from "./locales";

/**
 * Request header through which `proxy.ts` hands the negotiated locale to server components
 * (layouts cannot read the search params themselves).
 */
export const LOCALE_HEADER = "x-tolov-lang";

/**
 * Request header through which `proxy.ts` says whether the shopper chose the language (`1`:
 * by `?lang=` or the cookie; `0`: Russian by default). The order page then falls back to the
 * order's own language before Russian. proxy.ts always sets it, so a client cannot.
 */
export const LOCALE_CHOSEN_HEADER = "x-tolov-lang-chosen";

/** A year: the language choice is a preference, not a session. */
export const LOCALE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

/** `?lang=` wins, then the `tolov_lang` cookie, then Russian. */
export function negotiateLocale(query: string | null | undefined, cookie: string | null | undefined): Locale {
  return toLocale(query) ?? toLocale(cookie) ?? defaultLocale;
}
