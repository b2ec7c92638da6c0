import type { Locale } from "@/lib/i18n/locales";
import { formatDate } from "@/lib/i18n/format";
import type { Translate } from "@/lib/i18n/types";
import { formatProductPrice } from "../cart/cart-totals";
import { AddToCart } from "./add-to-cart";
import { ProductArt } from "./product-art";
import type { ShopProduct } from "@/lib/catalog/shop-product";

export function ProductCard({ product, locale, t }: { product: ShopProduct; locale: Locale; t: Translate }) {
  const titleId = `product-${product.sku}`;
  const { price, estimate } = formatProductPrice(product, locale);
  return (
    <article className="product-card" aria-labelledby={titleId}>
      <ProductArt image={product.image} className="product-card__art" />
      <div className="product-card__body">
        <h2 id={titleId} className="product-card__title">
          {product.title}
        </h2>
        <p className="product-card__description">{product.description}</p>
        <p className="product-card__price">
          <span className="price">{price}</span>
          {estimate && product.rateDate ? (
            <span className="product-card__estimate">
              {t(product.rateFallback ? "catalog.approxFallback" : "catalog.approx", { amount: estimate, date: formatDate(product.rateDate, locale) })}
            </span>
          ) : null}
        </p>
        <AddToCart sku={product.sku} title={product.title} />
      </div>
    </article>
  );
}
