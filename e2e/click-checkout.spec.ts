// Paying an order on Click's hosted page (the sandbox's Click emulator, its own origin): the pay
// link from `POST /api/orders/{id}/payments`, the emulator's page, its signed Prepare/Complete to
// the store's callbacks, and back on the order page, paid. A declined card leaves the order payable.
// Pay by phone: the order page sends an invoice to the order's own phone, the emulator's page for
// that phone's Click app confirms it, and the order page turns paid by itself. The admin refunds
// a Click payment by reversal: the order ends refunded, the ledger balanced.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createOrder, getOrder, listProducts, type OrderView } from "./helpers/store-api";
import { e2eServer } from "./helpers/test-server";

const server = e2eServer();
const sandboxUrl = `http://127.0.0.1:${server.port + 1}`;

async function newOrder(request: APIRequestContext, customer?: { phone: string }): Promise<OrderView> {
  const product = (await listProducts(request)).find((candidate) => candidate.currency === "UZS");
  if (!product) throw new Error("the demo catalog has no product priced in UZS");
  return createOrder(request, [{ sku: product.sku, quantity: 1 }], customer);
}

/** A phone of its own per run and test: the store allows three Click invoices per phone per hour. */
function uniquePhone(): string {
  return `+99893${String(Date.now() + Math.floor(Math.random() * 1000)).slice(-7)}`;
}

async function payOnClickPage(page: Page, request: APIRequestContext, order: OrderView): Promise<void> {
  await page.goto(await clickLink(request, order));
  await page.getByTestId("click-pay").click();
  await expect(page.getByTestId("click-result")).toHaveAttribute("data-status", "completed");
  await page.getByTestId("click-back").click();
  await expectStatus(page, "paid");
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

test("pay by phone: an invoice to the order's phone, confirmed in the Click app (the emulator's page), turns the order paid", async ({ page, context, request }) => {
  const phone = uniquePhone();
  const order = await newOrder(request, { phone });
  await page.goto(`/orders/${order.id}?method=click`);
  await page.getByTestId("click-phone-send").click();
  const waiting = page.getByTestId("click-phone-status");
  await expect(waiting).toHaveAttribute("data-state", "pending");
  // The number shown is the order's own, masked.
  await expect(waiting).toContainText(`${phone.slice(-4, -2)} ${phone.slice(-2)}`);

  // The phone's Click app: the invoice for this order, confirmed there.
  const app = await context.newPage();
  await app.goto(`${sandboxUrl}/click/app?phone=${phone.slice(1)}&lang=en`);
  await app.locator(`[data-testid=click-app-invoice][data-order="${order.number}"]`).click();
  await app.getByTestId("click-confirm").click();
  await expect(app.getByTestId("click-result")).toHaveAttribute("data-status", "2");
  await app.close();

  // The order page updates by itself.
  await expectStatus(page, "paid");
  const paid = await getOrder(request, order.id);
  expect(paid.paidAmount).toBe(order.amount);
  expect(paid.payments).toMatchObject([{ kind: "payment", provider: "click", amount: order.amount }]);
});

test("pay by phone: an invoice rejected in the Click app is said so on the order page, which stays payable", async ({ page, context, request }) => {
  const phone = uniquePhone();
  const order = await newOrder(request, { phone });
  await page.goto(`/orders/${order.id}?method=click`);
  await page.getByTestId("click-phone-send").click();
  await expect(page.getByTestId("click-phone-status")).toBeVisible();
  const app = await context.newPage();
  await app.goto(`${sandboxUrl}/click/app?phone=${phone.slice(1)}&lang=en`);
  await app.locator(`[data-testid=click-app-invoice][data-order="${order.number}"]`).click();
  await app.getByTestId("click-reject").click();
  await app.close();
  await expect(page.getByTestId("click-phone-ended")).toHaveAttribute("data-state", "rejected");
  await expect(page.getByTestId("click-phone-ended")).toHaveAttribute("role", "alert");
  await expectStatus(page, "pending");
  // Sending again within the minute is refused with a localized message, not an error page.
  await page.getByTestId("click-phone-send").click();
  await expect(page.getByTestId("click-phone-error")).toBeVisible();
});

test("admin refund by Click reversal: the order ends refunded and the ledger balanced", async ({ browser, page, request }) => {
  const order = await newOrder(request);
  await payOnClickPage(page, request, order);

  const { ADMIN_PASSWORD } = JSON.parse(readFileSync(join(server.dataDir, "secrets.json"), "utf8")) as { ADMIN_PASSWORD: string };
  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/admin");
  await admin.getByLabel("Пароль администратора").fill(ADMIN_PASSWORD);
  await admin.getByRole("button", { name: "Войти" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: "Заказы" })).toBeVisible();
  await admin.goto(`/admin/orders/${order.number}`);
  // Click's attempt with its history, from the registry's `attempts` hook.
  const attempts = admin.locator("section", { has: admin.locator("#order-transactions") });
  await expect(attempts.getByText("Click", { exact: true }).first()).toBeVisible();
  await expect(attempts.getByText("оплачен").first()).toBeVisible();
  await expect(attempts).not.toContainText("Complete");
  const ledger = admin.locator("section", { has: admin.locator("#order-ledger") });
  admin.once("dialog", (dialog) => void dialog.accept());
  await ledger.getByRole("button", { name: "Вернуть", exact: true }).click();
  await expect(ledger.getByRole("status")).toBeVisible();

  const refunded = await getOrder(request, order.id);
  expect(refunded).toMatchObject({ status: "refunded", paidAmount: order.amount, refundedAmount: order.amount });
  const sum = (kind: string) => refunded.payments.filter((entry) => entry.kind === kind).reduce((total, entry) => total + BigInt(entry.amount), 0n);
  expect(refunded.payments.map((entry) => [entry.kind, entry.provider])).toEqual([
    ["payment", "click"],
    ["refund", "click"],
  ]);
  expect(sum("payment") - sum("refund")).toBe(0n);
  await admin.reload();
  await expect(admin.locator(".adm-status-refunded")).toBeVisible();
  await admin.context().close();
});
