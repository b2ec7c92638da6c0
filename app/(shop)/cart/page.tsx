import type { Metadata } from "next";
import { CartView } from "@/components/cart/cart-view";
import { loadShopCatalog } from "@/lib/catalog/load-shop-catalog";
import { PageTitle } from "@/components/ui/page-title";
import { getLocale, getT } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("cart.title") };
}

export default async function CartPage() {
  const locale = await getLocale();
  const t = await getT();
  return (
    <>
      <PageTitle>{t("cart.title")}</PageTitle>
      <CartView products={await loadShopCatalog(locale)} />
    </>
  );
}
