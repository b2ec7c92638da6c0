import Link from "next/link";
import type { Locale } from "@/lib/i18n/locales";
import type { Translate } from "@/lib/i18n/types";
import { productPath, type ShopProduct } from "@/lib/catalog/shop-product";
import { AddToCart } from "./add-to-cart";
import { ProductArt } from "./product-art";
import { ProductPrice } from "./product-price";

export function ProductCard({ product, locale, t }: { product: ShopProduct; locale: Locale; t: Translate }) {
  const titleId = `product-${product.sku}`;
  return (
    <article className="product-card" aria-labelledby={titleId}>
      <ProductArt image={product.image} className="product-card__art" />
      <div className="product-card__body">
        <h2 id={titleId} className="product-card__title">
          <Link href={productPath(product.sku)} className="product-card__link">
            {product.title}
          </Link>
        </h2>
        <p className="product-card__description">{product.description}</p>
        <ProductPrice product={product} locale={locale} t={t} className="product-card__price" />
        <AddToCart sku={product.sku} title={product.title} />
      </div>
    </article>
  );
}
