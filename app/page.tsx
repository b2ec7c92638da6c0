import { db } from "@/lib/db";
import { listProducts } from "@/lib/orders/catalog";

export const dynamic = "force-dynamic";

export default async function CatalogPage() {
  const products = await listProducts(db());
  return (
    <main>
      <h1>Tolov</h1>
      <ul>
        {products.map((product) => (
          <li key={product.sku}>{product.title.ru}</li>
        ))}
      </ul>
    </main>
  );
}
