import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { OrderDetails } from "@/components/order/order-details";
import { orderSnapshotSchema } from "@/components/order/order-snapshot";
import { QueryProvider } from "@/components/query-provider";
import type { ProviderActions } from "@/components/payments/provider-ui";
import { db, sql } from "@/lib/db";
import { defaultLocale, toLocale } from "@/lib/i18n/locales";
import { getLocale, getT, isLocaleChosen } from "@/lib/i18n/server";
import { listProducts } from "@/lib/orders/catalog";
import { getOrderView } from "@/lib/orders/order-view";
import { confirmationView } from "@/lib/payments/confirmation";
import { lastFailureView } from "@/lib/payments/last-failure";
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

/**
 * The order page in the order's own language when the shopper chose none (no `?lang=`, no
 * cookie: a link from an SMS, another browser, a provider's return): the same URL with `lang`.
 */
function orderLanguageUrl(id: string, lang: string, query: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(name, one);
  }
  search.set("lang", lang);
  return `/orders/${encodeURIComponent(id)}?${search.toString()}`;
}

export default async function OrderPage({ params, searchParams }: Props) {
  const order = await loadOrder((await params).id);
  if (!order) notFound();
  const orderLocale = toLocale(order.lang);
  if (orderLocale && orderLocale !== defaultLocale && !(await isLocaleChosen())) {
    redirect(orderLanguageUrl(order.id, orderLocale, await searchParams));
  }
  // Only what the page shows reaches the browser.
  const confirmation = await confirmationView(sql(), order);
  const initial = orderSnapshotSchema.parse({ ...order, confirmation, lastFailure: await lastFailureView(sql(), order, confirmation) });
  return (
    <QueryProvider>
      <OrderDetails
        initial={initial}
        method={chosenMethod((await searchParams).method)}
        titles={await productTitles(new Set(initial.items.map((item) => item.sku)))}
        actions={providerActions}
        loadedAt={Date.now()}
      />
    </QueryProvider>
  );
}
