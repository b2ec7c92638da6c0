import type { Db } from "../db";
import { demoCatalog } from "./demo-catalog";

/**
 * Idempotent: inserts the demo products that are missing and leaves existing ones (and any
 * merchant edits of them) as they are. Returns how many were inserted.
 */
export async function seedDemoCatalog(db: Db): Promise<number> {
  const existing = new Set(
    (await db.product.findMany({ select: { sku: true } })).map((product) => product.sku),
  );
  const missing = demoCatalog.filter((product) => !existing.has(product.sku));
  if (missing.length === 0) return 0;
  await db.product.createMany({
    data: missing.map((product) => ({
      ...product,
      position: demoCatalog.indexOf(product),
    })),
  });
  return missing.length;
}
