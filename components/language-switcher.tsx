"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense, useTransition, type MouseEvent } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import { localeNames } from "@/lib/i18n/format";
import { locales, type Locale } from "@/lib/i18n/locales";

/**
 * ru · uz · en. Links (`?lang=`, which the proxy remembers in the cookie): without JavaScript the
 * page reloads in the new language. With it, the URL is replaced and the page's server parts are
 * rendered again in the new language (router.refresh, the <html lang> included) while what the
 * shopper has on the page stays: a half-filled form, the card form's SMS step.
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
  const router = useRouter();
  const [, startTransition] = useTransition();
  const switchTo = (event: MouseEvent<HTMLAnchorElement>, href: string) => {
    // A new tab or window, or a download, is the browser's business.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    window.history.replaceState(null, "", href);
    startTransition(() => router.refresh());
  };
  return (
    <ul className="lang-switcher__list">
      {locales.map((locale) => (
        <li key={locale}>
          <a
            href={hrefFor(locale)}
            onClick={(event) => switchTo(event, hrefFor(locale))}
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
