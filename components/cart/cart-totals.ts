import type { Locale } from "@/lib/i18n/locales";
import { formatMoney, type Currency } from "@/lib/money/money";
import type { ShopProduct } from "@/lib/catalog/shop-product";
import type { CartItem } from "./cart-store";

export type CartLine = { sku: string; quantity: number; product: ShopProduct };

/** Cart items joined with the catalog; SKUs the catalog no longer has are left out. */
export function cartLines(items: readonly CartItem[], products: readonly ShopProduct[]): CartLine[] {
  const bySku = new Map(products.map((product) => [product.sku, product]));
  return items.flatMap((item) => {
    const product = bySku.get(item.sku);
    return product ? [{ sku: item.sku, quantity: item.quantity, product }] : [];
  });
}

export type Subtotal = {
  /** Tiyin: UZS prices plus foreign prices converted at the rate the page was given. */
  tiyin: bigint;
  /** Foreign prices no rate was available for, in minor units of their currency. */
  unconverted: Partial<Record<Currency, bigint>>;
  /** Some part was converted from a foreign currency, so the sum is an estimate. */
  converted: boolean;
  /**
   * Some part was converted at the offline fallback rate (the CBU's was unavailable): the oldest
   * such rate's date (ISO, YYYY-MM-DD), for the page to say so; null otherwise.
   */
  fallbackRateDate: string | null;
};

/** For display only: the server prices the order itself. */
export function cartSubtotal(lines: readonly CartLine[]): Subtotal {
  const subtotal: Subtotal = { tiyin: 0n, unconverted: {}, converted: false, fallbackRateDate: null };
  for (const { quantity, product } of lines) {
    const count = BigInt(quantity);
    if (product.uzsPrice !== null) {
      subtotal.tiyin += BigInt(product.uzsPrice) * count;
      if (product.currency !== "UZS") subtotal.converted = true;
      if (product.currency !== "UZS" && product.rateFallback && product.rateDate !== null) {
        const date = product.rateDate;
        if (subtotal.fallbackRateDate === null || date < subtotal.fallbackRateDate) subtotal.fallbackRateDate = date;
      }
    } else {
      subtotal.unconverted[product.currency] =
        (subtotal.unconverted[product.currency] ?? 0n) + BigInt(product.price) * count;
    }
  }
  return subtotal;
}

/** "850 000 сум", "≈ 1 450 000 сум", or "850 000 сум + $49.90" when no rate was at hand. */
export function formatSubtotal(subtotal: Subtotal, locale: Locale): string {
  const parts: string[] = [];
  const foreign = Object.entries(subtotal.unconverted) as [Currency, bigint][];
  if (subtotal.tiyin > 0n || foreign.length === 0) parts.push(formatMoney(subtotal.tiyin, "UZS", locale));
  for (const [currency, minor] of foreign) parts.push(formatMoney(minor, currency, locale));
  return (subtotal.converted ? "≈ " : "") + parts.join(" + ");
}

/** A product's own price, plus its estimate in so'm when it is priced in another currency. */
export function formatProductPrice(product: ShopProduct, locale: Locale): { price: string; estimate: string | null } {
  const price = formatMoney(BigInt(product.price), product.currency, locale);
  const estimate =
    product.currency !== "UZS" && product.uzsPrice !== null ? formatMoney(BigInt(product.uzsPrice), "UZS", locale) : null;
  return { price, estimate };
}
