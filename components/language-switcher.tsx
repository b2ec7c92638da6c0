"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import { localeNames } from "@/lib/i18n/format";
import { locales, type Locale } from "@/lib/i18n/locales";

/**
 * ru · uz · en. Plain links, so the whole page (the <html lang> included) reloads in the new
 * language and the proxy remembers the choice in the cookie.
 */
export function LanguageSwitcher() {
  const t = useT();
  return (
    <nav className="lang-switcher" aria-label={t("lang.label")}>
      <Suspense fallback={<LanguageLinks hrefFor={(locale) => `?lang=${locale}`} />}>
        <LanguageLinksKeepingQuery />
      </Suspense>
    </nav>
  );
}

function LanguageLinksKeepingQuery() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  return (
    <LanguageLinks
      hrefFor={(locale) => {
        const query = new URLSearchParams(searchParams.toString());
        query.set("lang", locale);
        return `${pathname}?${query.toString()}`;
      }}
    />
  );
}

function LanguageLinks({ hrefFor }: { hrefFor: (locale: Locale) => string }) {
  const current = useLocale();
  return (
    <ul className="lang-switcher__list">
      {locales.map((locale) => (
        <li key={locale}>
          <a
            href={hrefFor(locale)}
            hrefLang={locale}
            lang={locale}
            aria-current={locale === current ? "true" : undefined}
            className="lang-switcher__link"
          >
            {locale}
            <span className="visually-hidden">{` — ${localeNames[locale]}`}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
