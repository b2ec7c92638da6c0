// The store's JSON API from a Playwright test: set up data without clicking through the UI,
// and check what the UI did. Uses the test's `request` fixture (it follows baseURL).
import { expect, type APIRequestContext } from "@playwright/test";

export type CatalogProduct = {
  sku: string;
  title: { ru: string; uz: string; en: string };
  price: string;
  currency: string;
};

export type OrderView = {
  id: string;
  number: string;
  status: string;
  amount: string;
  paidAmount: string;
  refundedAmount: string;
  currency: string;
  items: { sku: string; quantity: number; unitPrice: string; total: string }[];
  payments: { kind: string; provider: string; reference: string; amount: string; at: string }[];
};

export async function listProducts(request: APIRequestContext): Promise<CatalogProduct[]> {
  const response = await request.get("/api/products");
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as CatalogProduct[];
}

export async function productBySku(request: APIRequestContext, sku: string): Promise<CatalogProduct> {
  const product = (await listProducts(request)).find((candidate) => candidate.sku === sku);
  if (!product) throw new Error(`no product ${sku} in the catalog`);
  return product;
}

export async function createOrder(
  request: APIRequestContext,
  items: { sku: string; quantity: number }[],
  customer?: { phone?: string; email?: string; name?: string },
): Promise<OrderView> {
  const response = await request.post("/api/orders", { data: { items, customer } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as OrderView;
}

export async function getOrder(request: APIRequestContext, id: string): Promise<OrderView> {
  const response = await request.get(`/api/orders/${encodeURIComponent(id)}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as OrderView;
}

/** The order id in an order page's URL (`/orders/{id}`). */
export function orderIdFromUrl(url: string): string {
  const match = /\/orders\/([^/?#]+)/.exec(new URL(url).pathname);
  if (!match?.[1]) throw new Error(`not an order page: ${url}`);
  return decodeURIComponent(match[1]);
}

/** Tiyin (decimal string) → the so'm amount as digits grouped by any whitespace, for matching rendered money. */
export function somPattern(tiyin: string | bigint): RegExp {
  const som = (BigInt(tiyin) / 100n).toString();
  const grouped = som.replace(/\B(?=(\d{3})+(?!\d))/g, "\\s?");
  return new RegExp(grouped);
}
