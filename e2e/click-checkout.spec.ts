// Paying an order on Click's hosted page (the sandbox's Click emulator, its own origin): the pay
// link from `POST /api/orders/{id}/payments`, the emulator's page, its signed Prepare/Complete to
// the store's callbacks, and back on the order page, paid. A declined card leaves the order payable.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createOrder, getOrder, listProducts, type OrderView } from "./helpers/store-api";

async function newOrder(request: APIRequestContext): Promise<OrderView> {
  const product = (await listProducts(request)).find((candidate) => candidate.currency === "UZS");
  if (!product) throw new Error("the demo catalog has no product priced in UZS");
  return createOrder(request, [{ sku: product.sku, quantity: 1 }]);
}

async function clickLink(request: APIRequestContext, order: OrderView): Promise<string> {
  const response = await request.post(`/api/orders/${order.id}/payments`, { data: { provider: "click", lang: "en" } });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { provider: string; url: string };
  expect(body.provider).toBe("click");
  return body.url;
}

async function expectStatus(page: Page, status: string): Promise<void> {
  await expect(page.locator(`[data-testid=order-status][data-status=${status}]`)).toBeVisible({ timeout: 15_000 });
}

test("order → Click's page → pay → back on the order page, paid", async ({ page, request }) => {
  const order = await newOrder(request);
  await page.goto(await clickLink(request, order));
  await expect(page.getByTestId("click-amount")).toBeVisible();
  await page.getByTestId("click-pay").click();
  await expect(page.getByTestId("click-result")).toHaveAttribute("data-status", "completed");
  await page.getByTestId("click-back").click();
  await expect(page).toHaveURL(new RegExp(`/orders/${order.id}`));
  await expectStatus(page, "paid");
  const paid = await getOrder(request, order.id);
  expect(paid.paidAmount).toBe(order.amount);
  expect(paid.payments).toMatchObject([{ kind: "payment", provider: "click", amount: order.amount }]);
});

test("a declined card on Click's page leaves the order payable", async ({ page, request }) => {
  const order = await newOrder(request);
  await page.goto(await clickLink(request, order));
  await page.getByTestId("click-decline").click();
  await expect(page.getByTestId("click-result")).toHaveAttribute("data-status", /cancelled|failed/);
  await page.getByTestId("click-back").click();
  await expectStatus(page, "pending");
  const after = await getOrder(request, order.id);
  expect(after.paidAmount).toBe("0");
  // Still payable: a new link is given.
  expect(await clickLink(request, order)).toContain("/click/services/pay");
});
