import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ProductPage } from "@/components/catalog/product-page";
import { loadShopProduct } from "@/lib/catalog/load-shop-catalog";
import { getLocale, getT } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ sku: string }> };

// Metadata and page read the product once per request.
const loadProduct = cache(async (sku: string) => loadShopProduct(await getLocale(), sku));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await loadProduct((await params).sku);
  return { title: product ? product.title : (await getT())("notFound.title") };
}

export default async function ProductRoute({ params }: Props) {
  const product = await loadProduct((await params).sku);
  if (!product) notFound();
  return <ProductPage product={product} locale={await getLocale()} t={await getT()} />;
}
