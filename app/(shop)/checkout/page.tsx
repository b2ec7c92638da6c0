import type { Metadata } from "next";
import { loadShopCatalog } from "@/components/catalog/load-catalog";
import { CheckoutForm } from "@/components/checkout/checkout-form";
import { PageTitle } from "@/components/ui/page-title";
import { env } from "@/lib/env";
import { getLocale, getT } from "@/lib/i18n/server";
import { configuredProviders } from "@/lib/payments/providers";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("checkout.title") };
}

export default async function CheckoutPage() {
  const locale = await getLocale();
  const t = await getT();
  return (
    <>
      <PageTitle>{t("checkout.title")}</PageTitle>
      <CheckoutForm products={await loadShopCatalog(locale)} providers={configuredProviders(env())} />
    </>
  );
}
