import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { LOCALE_COOKIE, toLocale, type Locale } from "./locales";
import { LOCALE_CHOSEN_HEADER, LOCALE_HEADER, negotiateLocale } from "./negotiate";
import { createTranslator } from "./translate";
import type { Translate } from "./types";

/**
 * The shopper's language for this request. `proxy.ts` has already negotiated it (`?lang=`, then
 * the cookie, then ru) and passes it in a request header; without the proxy, the cookie decides.
 */
export const getLocale = cache(async (): Promise<Locale> => {
  const fromProxy = toLocale((await headers()).get(LOCALE_HEADER));
  if (fromProxy) return fromProxy;
  return negotiateLocale(undefined, (await cookies()).get(LOCALE_COOKIE)?.value);
});

/** The translator for this request's language. */
export async function getT(): Promise<Translate> {
  return createTranslator(await getLocale());
}

/**
 * Whether the shopper chose this request's language (`?lang=` or the cookie) rather than getting
 * Russian by default. Without proxy.ts, the cookie decides.
 */
export const isLocaleChosen = cache(async (): Promise<boolean> => {
  const chosen = (await headers()).get(LOCALE_CHOSEN_HEADER);
  if (chosen === "1" || chosen === "0") return chosen === "1";
  return toLocale((await cookies()).get(LOCALE_COOKIE)?.value) !== undefined;
});
