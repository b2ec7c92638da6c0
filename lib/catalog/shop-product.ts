import type { Currency } from "@/lib/money/money";

/** A catalog product as the storefront's pages and client components see it: one language, serializable. */
export type ShopProduct = {
  sku: string;
  title: string;
  description: string;
  /** Minor units of `currency`, as a decimal integer string. */
  price: string;
  currency: Currency;
  image: string;
  /**
   * The unit price in tiyin as the order will charge it (foreign prices converted at the CBU rate
   * and rounded to whole so'm, as `createOrder` does), or null when no rate is at hand.
   */
  uzsPrice: string | null;
  /** The date of the rate behind `uzsPrice` for a foreign price (ISO yyyy-mm-dd). */
  rateDate: string | null;
  /**
   * The rate behind `uzsPrice` is the offline fallback (lib/money/fallback-rates.json), not one
   * the CBU answered with: the page says so.
   */
  rateFallback: boolean;
};

/** The product page's path for a SKU (`/products/[sku]`), encoded: a SKU may hold any character. */
export function productPath(sku: string): string {
  return `/products/${encodeURIComponent(sku)}`;
}
