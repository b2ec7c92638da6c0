import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { SHOP_NAME } from "@/components/site-header";
import { getLocale, getT } from "@/lib/i18n/server";
import { dictionaries } from "@/lib/i18n/translate";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getT();
  return {
    title: { default: SHOP_NAME, template: `%s — ${SHOP_NAME}` },
    description: t("meta.description"),
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#0b4f8a",
};

/** The document for every page; the shop's frame lives in (shop)/layout.tsx, the admin has its own. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        {/* Only this language's messages reach the browser. */}
        <Providers locale={locale} messages={dictionaries[locale]}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
