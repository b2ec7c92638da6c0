import type { Metadata } from "next";
import { loadShopCatalog } from "@/lib/catalog/load-shop-catalog";
import { CheckoutForm } from "@/components/checkout/checkout-form";
import { PageTitle } from "@/components/ui/page-title";
import { env } from "@/lib/env";
import { getLocale, getT } from "@/lib/i18n/server";
import { sql } from "@/lib/db";
import { checkoutProviders } from "@/lib/merchant-keys/checkout-providers";
import { integratedProviders } from "@/lib/payments/payment-request";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("checkout.title") };
}

export default async function CheckoutPage() {
  const locale = await getLocale();
  const t = await getT();
  // The admin's "show at checkout" with the keys of each provider's mode, among the providers
  // whose integration exists.
  const providers = (await checkoutProviders(sql(), env().APP_SECRET!)).filter((provider) => integratedProviders.includes(provider));
  return (
    <>
      <PageTitle>{t("checkout.title")}</PageTitle>
      <CheckoutForm products={await loadShopCatalog(locale)} providers={providers} />
    </>
  );
}
