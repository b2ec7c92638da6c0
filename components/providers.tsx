"use client";

import type { ReactNode } from "react";
import { I18nProvider } from "@/lib/i18n/client";
import type { Locale } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/types";

/**
 * Client-side context for every page: the page's language with its messages only. react-query's
 * client is not here: only the order page uses it (components/query-provider.tsx), so the other
 * pages do not load it (issue 15 §4).
 */
export function Providers({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  return (
    <I18nProvider locale={locale} messages={messages}>
      {children}
    </I18nProvider>
  );
}
