import Link from "next/link";
import type { Locale } from "@/lib/i18n/locales";
import type { Translate } from "@/lib/i18n/types";
import type { ShopProduct } from "@/lib/catalog/shop-product";
import { PAGE_TITLE_ID, PageTitle } from "../ui/page-title";
import { AddToCart } from "./add-to-cart";
import { ProductArt } from "./product-art";
import { ProductPrice } from "./product-price";

/**
 * A product's own page (`/products/[sku]`): its art, name, price (with the so'm estimate of a
 * foreign price), description and "add to cart". A server component; only "add to cart" runs
 * in the browser.
 */
export function ProductPage({ product, locale, t }: { product: ShopProduct; locale: Locale; t: Translate }) {
  return (
    <>
      <p className="product-page__back">
        <Link href="/">{t("product.back")}</Link>
      </p>
      <article className="product-page" aria-labelledby={PAGE_TITLE_ID} data-testid="product-page">
        <ProductArt image={product.image} className="product-page__art" />
        <div className="product-page__body">
          <PageTitle>{product.title}</PageTitle>
          <ProductPrice product={product} locale={locale} t={t} className="product-page__price" large />
          {product.description ? <p className="product-page__description">{product.description}</p> : null}
          <p className="muted small">{t("product.sku", { sku: product.sku })}</p>
          <AddToCart sku={product.sku} title={product.title} />
          <p>
            <Link href="/cart">{t("product.viewCart")}</Link>
          </p>
        </div>
      </article>
    </>
  );
}
