"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { defaultLocale, type Locale } from "./locales";
import { translatorFor } from "./translator";
import type { Messages, Translate } from "./types";

type I18n = { locale: Locale; t: Translate };

// Outside a provider (never in the app): keys stand for themselves.
const I18nContext = createContext<I18n>({ locale: defaultLocale, t: ((key: string) => key) as Translate });

/**
 * Gives client components the locale the server negotiated for this page and that language's
 * messages, passed by the server (app/layout.tsx): no other language's catalog reaches the browser.
 */
export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: translatorFor(messages) }), [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(I18nContext).locale;
}

export function useT(): Translate {
  return useContext(I18nContext).t;
}
