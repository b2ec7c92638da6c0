import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { OrderDetails } from "@/components/order/order-details";
import { orderSnapshotSchema } from "@/components/order/order-snapshot";
import { QueryProvider } from "@/components/query-provider";
import type { ProviderActions } from "@/components/payments/provider-ui";
import { db, sql } from "@/lib/db";
import { getLocale, getT } from "@/lib/i18n/server";
import { listProducts } from "@/lib/orders/catalog";
import { getOrderView } from "@/lib/orders/order-view";
import { confirmationView } from "@/lib/payments/confirmation";
import { fiscalReceiptsLoader } from "@/lib/payments/registry";
import { providers, type Provider } from "@/lib/payments/providers";
import { shopperActions } from "@/lib/payments/shopper-actions";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Ids are 22-character base64url strings; anything far off is not worth a query.
const loadOrder = cache(async (id: string) => (id.length > 64 ? null : getOrderView(db(), id, Date.now(), fiscalReceiptsLoader(sql()))));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const order = await loadOrder((await params).id);
  const t = await getT();
  return { title: order ? t("order.title", { number: order.number }) : t("order.notFound.title") };
}

function chosenMethod(value: string | string[] | undefined): Provider | null {
  return providers.find((provider) => provider === value) ?? null;
}

async function productTitles(skus: ReadonlySet<string>): Promise<Record<string, string>> {
  const locale = await getLocale();
  const products = await listProducts(db());
  return Object.fromEntries(products.filter((product) => skus.has(product.sku)).map((product) => [product.sku, product.title[locale]]));
}

/** The server actions each provider's order-page UI calls (components/payments/provider-ui.tsx), from the registry's shop half. */
const providerActions: ProviderActions = shopperActions;

export default async function OrderPage({ params, searchParams }: Props) {
  const order = await loadOrder((await params).id);
  if (!order) notFound();
  // Only what the page shows reaches the browser.
  const initial = orderSnapshotSchema.parse({ ...order, confirmation: await confirmationView(sql(), order) });
  return (
    <QueryProvider>
      <OrderDetails
        initial={initial}
        method={chosenMethod((await searchParams).method)}
        titles={await productTitles(new Set(initial.items.map((item) => item.sku)))}
        actions={providerActions}
      />
    </QueryProvider>
  );
}
