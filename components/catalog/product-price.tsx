import { formatDate } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/locales";
import type { Translate } from "@/lib/i18n/types";
import type { ShopProduct } from "@/lib/catalog/shop-product";
import { formatProductPrice } from "../cart/cart-totals";

/**
 * A product's price as the catalog card and the product page show it: the price in its currency
 * and, for a foreign price, its estimate in so'm with the rate's date — saying so when that rate
 * is the offline fallback. A server component (no script).
 */
export function ProductPrice({
  product,
  locale,
  t,
  className,
  large = false,
}: {
  product: ShopProduct;
  locale: Locale;
  t: Translate;
  className: string;
  large?: boolean;
}) {
  const { price, estimate } = formatProductPrice(product, locale);
  return (
    <p className={className}>
      <span className={large ? "price price--large" : "price"}>{price}</span>
      {estimate && product.rateDate ? (
        <span className="product-card__estimate">
          {t(product.rateFallback ? "catalog.approxFallback" : "catalog.approx", { amount: estimate, date: formatDate(product.rateDate, locale) })}
        </span>
      ) : null}
    </p>
  );
}
