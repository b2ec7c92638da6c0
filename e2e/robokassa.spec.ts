// Paying an order on Robokassa's page, played by the sandbox emulator (its own server on
// SANDBOX_PORT): the signed link from the payments endpoint (what the order page's Robokassa
// button submits), the emulator's page, ResultURL over real HTTP, then Success or Fail back to
// the order page; a Success that comes before ResultURL (the page waits, offering no way to
// pay); and the admin's partial refund through the emulator's refund API.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createSession, SESSION_COOKIE } from "../lib/admin/sessions";
import { createSql } from "../lib/db/sql";
import { sandboxRobokassaCredentials } from "../lib/payments/robokassa/sandbox-credentials";
import { createOrder, getOrder, listProducts, type OrderView } from "./helpers/store-api";
import { e2eServer } from "./helpers/test-server";

const server = e2eServer();

/** The shop's sandbox credentials, derived from the APP_SECRET the store generated into DATA_DIR. */
function shop() {
  const { APP_SECRET } = JSON.parse(readFileSync(join(server.dataDir, "secrets.json"), "utf8")) as { APP_SECRET: string };
  return sandboxRobokassaCredentials(APP_SECRET);
}

// The e2e store signs with ROBOKASSA_HASH's default, MD5; Robokassa sends upper-case hex.
const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex").toUpperCase();

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

test("Robokassa: back through Success before ResultURL — the page says it is being confirmed, offers no way to pay, then shows paid", async ({ page, request }) => {
  const order = await newOrder(request);
  const fields = (await robokassaLink(request, order)).form.fields;
  const { testPassword1, testPassword2 } = shop();
  const outSum = `${fields.OutSum}0000`;
  const shp = { Shp_key: fields.Shp_key!, Shp_order: fields.Shp_order! };
  const shpText = `Shp_key=${shp.Shp_key}:Shp_order=${shp.Shp_order}`;
  const success = new URLSearchParams({ OutSum: outSum, InvId: fields.InvId!, Culture: "ru", ...shp });
  success.set("SignatureValue", md5(`${outSum}:${fields.InvId}:${testPassword1}:${shpText}`));

  // Robokassa's page sent the shopper back, its ResultURL still on the way.
  await page.goto(`/api/robokassa/success?${success}`);
  await page.waitForURL(new RegExp(`/orders/${order.id}\\?robokassa=confirming$`));
  await expect(page.getByTestId("payment-confirming")).toContainText("Robokassa");
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "pending");
  await expect(page.getByTestId("robokassa-options")).toHaveCount(0);
  await expect(page.locator("#pay button")).toHaveCount(0);

  const result = new URLSearchParams({ OutSum: outSum, InvId: fields.InvId!, ...shp });
  result.set("SignatureValue", md5(`${outSum}:${fields.InvId}:${testPassword2}:${shpText}`));
  const answer = await request.post("/api/robokassa/result", { headers: { "content-type": "application/x-www-form-urlencoded" }, data: result.toString() });
  expect(await answer.text()).toBe(`OK${fields.InvId}`);

  // The page keeps polling: paid, and the notice gone.
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  await expect(page.getByTestId("payment-confirming")).toHaveCount(0);
});

test("Robokassa: the admin refunds part of a payment, the order ends partially refunded with the ledger balanced", async ({ page, request, context, baseURL }) => {
  const order = await newOrder(request);
  const payment = await robokassaLink(request, order);
  await page.goto(payment.url);
  await page.getByTestId("robokassa-pay").click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");

  // Signed in through a session of its own (the admin spec's lock-out test shares this address).
  const sql = createSql(server.databaseUrl);
  const { token } = await createSession(sql, { ip: "127.0.0.1", userAgent: "e2e robokassa" }).finally(() => sql.close());
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: `${baseURL}/admin` }]);

  await page.goto(`/admin/orders/${order.number}`);
  await page.waitForLoadState("networkidle");
  const amount = page.getByLabel("Сумма возврата, сум");
  // Prefilled with all that is left: the order's amount in so'm.
  await expect(amount).toHaveValue((BigInt(order.amount) / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " "));
  // More than was paid is refused in the browser, before anything is sent.
  await amount.fill(String(BigInt(order.amount) / 100n + 1n));
  await page.getByRole("button", { name: "Вернуть" }).click();
  await expect(page.getByText("Вернуть можно не больше")).toBeVisible();

  const part = BigInt(order.amount) / 4n;
  await amount.fill((part / 100n).toString());
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Вернуть" }).click();
  // Sent; Robokassa's refund is then polled until it is finished (a few seconds on the emulator),
  // and the order shows it.
  await expect(page.getByRole("status").filter({ hasText: "Возврат отправлен" })).toBeVisible();
  await expect.poll(async () => (await getOrder(request, order.id)).status, { timeout: 30_000 }).toBe("partially_refunded");

  const refunded = await getOrder(request, order.id);
  expect(refunded).toMatchObject({ status: "partially_refunded", paidAmount: order.amount, refundedAmount: String(part) });
  const sum = (kind: string) => refunded.payments.filter((entry) => entry.kind === kind).reduce((total, entry) => total + BigInt(entry.amount), 0n);
  expect(sum("payment")).toBe(BigInt(refunded.paidAmount));
  expect(sum("refund")).toBe(BigInt(refunded.refundedAmount));
  expect(refunded.payments.filter((entry) => entry.kind === "refund")).toHaveLength(1);

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("возвращён частично");
  // What is left can still be refunded: the field now offers the rest.
  await expect(page.getByLabel("Сумма возврата, сум")).toHaveValue(((BigInt(order.amount) - part) / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " "));
});
