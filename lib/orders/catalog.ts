import type { Db } from "../db";
import type { Product } from "../generated/sqlite/client";

/** `GET /api/products`: the active catalog, prices in minor units of their currency. */
export async function listProducts(db: Db) {
  const products = await db.product.findMany({ where: { active: true }, orderBy: [{ position: "asc" }, { sku: "asc" }] });
  return products.map(toCatalogProduct);
}

/** One active product by its SKU (as `listProducts` shows it), or null when there is none. */
export async function findActiveProduct(db: Db, sku: string) {
  const product = await db.product.findFirst({ where: { sku, active: true } });
  return product ? toCatalogProduct(product) : null;
}

function toCatalogProduct(product: Product) {
  return {
    sku: product.sku,
    title: { ru: product.titleRu, uz: product.titleUz, en: product.titleEn },
    description: { ru: product.descriptionRu, uz: product.descriptionUz, en: product.descriptionEn },
    price: product.price.toString(),
    currency: product.currency,
    code: product.code,
    packageCode: product.packageCode,
    vatPercent: product.vatPercent,
    units: product.units,
    image: product.image,
  };
}
export type CatalogProduct = Awaited<ReturnType<typeof listProducts>>[number];
