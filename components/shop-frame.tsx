import type { ReactNode } from "react";
import type { Translate } from "@/lib/i18n/types";
import { SiteHeader } from "./site-header";

/** The shopper pages' frame: skip link, header, the page's content, footer. */
export function ShopFrame({ t, children }: { t: Translate; children: ReactNode }) {
  return (
    <>
      <a href="#main" className="skip-link">
        {t("a11y.skipToContent")}
      </a>
      <SiteHeader />
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("footer.note")}</p>
      </footer>
    </>
  );
}
