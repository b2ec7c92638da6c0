import type { Db } from "../db";

/** `GET /api/products`: the active catalog, prices in minor units of their currency. */
export async function listProducts(db: Db) {
  const products = await db.product.findMany({ where: { active: true }, orderBy: [{ position: "asc" }, { sku: "asc" }] });
  return products.map((product) => ({
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
  }));
}
export type CatalogProduct = Awaited<ReturnType<typeof listProducts>>[number];
