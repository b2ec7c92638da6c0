// Paying an order on Robokassa's page, played by the sandbox emulator (its own server on
// SANDBOX_PORT): the signed link from the payments endpoint (what the order page's Robokassa
// button submits), the emulator's page, ResultURL over real HTTP, then Success or Fail back to
// the order page.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createOrder, getOrder, listProducts, type OrderView } from "./helpers/store-api";

type PaymentRequest = { url: string; form: { action: string; fields: Record<string, string> } };

async function newOrder(request: APIRequestContext): Promise<OrderView> {
  const product = (await listProducts(request)).find((candidate) => candidate.currency === "UZS");
  if (!product) throw new Error("the demo catalog has no product priced in UZS");
  return createOrder(request, [{ sku: product.sku, quantity: 1 }]);
}

async function robokassaLink(request: APIRequestContext, order: OrderView): Promise<PaymentRequest> {
  const response = await request.post(`/api/orders/${order.id}/payments`, { data: { provider: "robokassa", lang: "ru" } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as PaymentRequest;
}

test("Robokassa: the emulator's page → pay → back on the order page, paid", async ({ page, request }) => {
  const order = await newOrder(request);
  const payment = await robokassaLink(request, order);
  await page.goto(payment.url);
  await expect(page).toHaveURL(new RegExp(`/robokassa/pay/${payment.form.fields.InvId}$`));
  expect(new URL(page.url()).origin).not.toBe(new URL(test.info().project.use.baseURL!).origin);
  await expect(page.getByTestId("robokassa-sum")).toContainText(payment.form.fields.OutSum!.split(".")[0]!);

  await page.getByTestId("robokassa-pay").click();
  await page.waitForURL(new RegExp(`/orders/${order.id}\\?robokassa=confirming$`));
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  expect(await getOrder(request, order.id)).toMatchObject({ status: "paid", paidAmount: order.amount });
});

test("Robokassa: refusing on the emulator's page leads through Fail to the order, still payable", async ({ page, request }) => {
  const order = await newOrder(request);
  const payment = await robokassaLink(request, order);
  await page.goto(payment.url);
  await page.getByTestId("robokassa-fail").click();
  await page.waitForURL(new RegExp(`/orders/${order.id}\\?robokassa=failed$`));
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "pending");
  expect(await getOrder(request, order.id)).toMatchObject({ status: "pending", paidAmount: "0" });
});
