import type { Metadata } from "next";
import { loadShopCatalog } from "@/lib/catalog/load-shop-catalog";
import { ProductCard } from "@/components/catalog/product-card";
import { PageTitle } from "@/components/ui/page-title";
import { getLocale, getT } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT())("catalog.title") };
}

export default async function CatalogPage() {
  const locale = await getLocale();
  const t = await getT();
  const products = await loadShopCatalog(locale);
  return (
    <>
      <PageTitle>{t("catalog.title")}</PageTitle>
      <p className="lead">{t("catalog.intro")}</p>
      {products.length === 0 ? (
        <p className="muted">{t("catalog.empty")}</p>
      ) : (
        <ul className="product-grid">
          {products.map((product) => (
            <li key={product.sku}>
              <ProductCard product={product} locale={locale} t={t} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
