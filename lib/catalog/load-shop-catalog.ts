import "server-only";
import { db } from "@/lib/db";
import type { Locale } from "@/lib/i18n/locales";
import { convertPriceToTiyin, currencySchema, defaultRateSource, type Currency, type ExchangeRate } from "@/lib/money";
import { findActiveProduct, listProducts, type CatalogProduct } from "@/lib/orders/catalog";
import type { ShopProduct } from "./shop-product";

// A page must not wait on cbu.uz: without a rate in time the USD price is shown alone.
const RATE_WAIT_MS = 1_500;

async function rateWithin(currency: Currency, waitMs: number): Promise<ExchangeRate | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), waitMs);
  });
  try {
    return await Promise.race([defaultRateSource.getRate(currency), timeout]);
  } catch (error) {
    console.warn(`No ${currency} rate for the storefront:`, error instanceof Error ? error.message : error);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The active catalog in the shopper's language, with foreign prices estimated in so'm. */
export async function loadShopCatalog(locale: Locale): Promise<ShopProduct[]> {
  return toShopProducts(await listProducts(db()), locale);
}

/**
 * One active product for its page (`/products/[sku]`), as the catalog shows it: the shopper's
 * language, a foreign price estimated in so'm (at the offline fallback rate, flagged, when the
 * CBU cannot be reached). Null for an unknown, inactive or implausible SKU (the page answers 404).
 */
export async function loadShopProduct(locale: Locale, sku: string): Promise<ShopProduct | null> {
  // SKUs are at most 64 characters (lib/orders/create-order.ts): anything longer is not worth a query.
  if (sku.length === 0 || sku.length > MAX_SKU_LENGTH) return null;
  const product = await findActiveProduct(db(), sku);
  if (!product) return null;
  return (await toShopProducts([product], locale))[0] ?? null;
}

const MAX_SKU_LENGTH = 64;

async function toShopProducts(products: readonly CatalogProduct[], locale: Locale): Promise<ShopProduct[]> {
  const rates = new Map<Currency, ExchangeRate>();
  const foreign = new Set<Currency>();
  for (const product of products) {
    const currency = currencySchema.safeParse(product.currency);
    if (currency.success && currency.data !== "UZS") foreign.add(currency.data);
  }
  await Promise.all(
    [...foreign].map(async (currency) => {
      const rate = await rateWithin(currency, RATE_WAIT_MS);
      if (rate) rates.set(currency, rate);
    }),
  );

  return products.flatMap((product): ShopProduct[] => {
    const currency = currencySchema.safeParse(product.currency);
    if (!currency.success) return [];
    const price = BigInt(product.price);
    const rate = currency.data === "UZS" ? undefined : rates.get(currency.data);
    const uzsPrice = currency.data === "UZS" ? price : rate ? convertPriceToTiyin(price, rate) : null;
    return [
      {
        sku: product.sku,
        title: product.title[locale],
        description: product.description[locale],
        price: product.price,
        currency: currency.data,
        image: product.image,
        uzsPrice: uzsPrice === null ? null : uzsPrice.toString(),
        rateDate: rate?.date ?? null,
        rateFallback: rate?.source === "fallback",
      },
    ];
  });
}
