// Paying an order on Payme's hosted checkout, played by the sandbox emulator (its own server on
// SANDBOX_PORT): the POST form button, the GET link (and its QR code), and failing test cards.
// The emulator calls the store's Merchant API over real HTTP, as Payme does.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createSql } from "../lib/db/sql";
import { createOrder, getOrder, listProducts, type OrderView } from "./helpers/store-api";
import { e2eServer } from "./helpers/test-server";

const server = e2eServer();

// Amounts are rendered with no-break spaces; match any whitespace between digit groups.
const money = (text: string) => new RegExp(text.replace(/ /g, "\\s"));

function somText(tiyin: string): string {
  return `${(BigInt(tiyin) / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ")} сум`;
}

async function newOrder(request: APIRequestContext): Promise<OrderView> {
  const product = (await listProducts(request)).find((candidate) => candidate.currency === "UZS");
  if (!product) throw new Error("the demo catalog has no product priced in UZS");
  return createOrder(request, [{ sku: product.sku, quantity: 2 }], { phone: "+998901234567" });
}

async function openOrder(page: Page, order: OrderView): Promise<void> {
  await page.goto(`/orders/${order.id}?method=payme`);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "pending");
}

/** The emulator's page: Payme's sandbox mark, the order number and the amount due. */
async function expectCheckoutPage(page: Page, order: OrderView): Promise<void> {
  await expect(page).toHaveURL(/\/payme\/checkout\/[0-9a-f]{32}$/);
  expect(new URL(page.url()).origin).not.toBe(new URL(test.info().project.use.baseURL!).origin);
  await expect(page.getByTestId("payme-sandbox-badge")).toHaveText("Payme Песочница");
  await expect(page.getByTestId("payme-order")).toHaveText(`Заказ №${order.number}`);
  await expect(page.getByTestId("payme-amount")).toHaveText(money(somText(order.amount)));
}

async function enterCard(page: Page, card: string): Promise<void> {
  await page.getByLabel("Номер карты").fill(card);
  await page.getByLabel("Срок действия").fill("03/99");
  await page.getByRole("button", { name: "Оплатить", exact: true }).click();
}

async function enterCode(page: Page): Promise<void> {
  await expect(page.getByText("В песочнице код всегда 666666.")).toBeVisible();
  await page.getByLabel("Код из SMS").fill("666666");
  await page.getByRole("button", { name: "Подтвердить" }).click();
}

/** The store's Payme transactions of an order (state, reason), read from the e2e store's database. */
async function transactionsOf(orderNumber: string): Promise<{ state: number; reason: number | null }[]> {
  const sql = createSql(server.databaseUrl);
  try {
    const rows = await sql.all<{ state: number; reason: number | null }>(`SELECT "state", "reason" FROM "PaymeTransaction" WHERE "orderNumber" = ? ORDER BY "id"`, [Number(orderNumber)]);
    return rows.map((row) => ({ state: Number(row.state), reason: row.reason === null ? null : Number(row.reason) }));
  } finally {
    await sql.close();
  }
}

/** Payme's return to the order page: in the page's language, with the transaction id (or `null`) filled in. */
const backOnOrderPage = (order: OrderView, lang = "ru") => new RegExp(`/orders/${order.id}\\?lang=${lang}&payme=([0-9a-f]{24}|null)$`);

test("Pay with Payme (POST form): a working card, the SMS code, back on the order page as paid", async ({ page, request }) => {
  const order = await newOrder(request);
  await openOrder(page, order);

  await page.getByRole("button", { name: "Оплатить через Payme" }).click();
  await expectCheckoutPage(page, order);
  await enterCard(page, "8600 0691 9540 6311");
  await enterCode(page);

  // Payme returns the shopper by itself after the callback_timeout the store asked for (0 ms).
  await page.waitForURL(backOnOrderPage(order));
  const transaction = new URL(page.url()).searchParams.get("payme");
  expect(transaction).toMatch(/^[0-9a-f]{24}$/);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  await expect(page.getByTestId("payme-options")).toHaveCount(0);

  const paid = await getOrder(request, order.id);
  expect(paid.status).toBe("paid");
  expect(paid.payments).toEqual([expect.objectContaining({ kind: "payment", provider: "payme", reference: transaction, amount: order.amount })]);
});

test("the GET link and its QR code lead to the same checkout; paying by it marks the order paid", async ({ page, request }) => {
  const order = await newOrder(request);
  await openOrder(page, order);

  const link = page.getByRole("link", { name: "Открыть страницу оплаты Payme" });
  const href = await link.getAttribute("href");
  expect(href).toMatch(/^http:\/\/[^/]+\/payme\/[A-Za-z0-9+/]+=*$/);
  const qr = page.getByTestId("payme-qr");
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute("data-value", href!);
  await expect(qr.locator("path")).toHaveAttribute("d", /^M\d+ \d+h\d+v1h-\d+z/);
  await expect(page.getByRole("img", { name: "QR-код для оплаты через Payme" })).toBeVisible();

  await link.click();
  await expectCheckoutPage(page, order);
  await enterCard(page, "8600 4954 7331 6478");
  await enterCode(page);

  // The success page sends the shopper back at once (callback_timeout 0): no click needed.
  await expect(page).toHaveURL(backOnOrderPage(order));
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  expect((await getOrder(request, order.id)).status).toBe("paid");
});

test("failing test cards show Payme's message and leave the order payable", async ({ page, request }) => {
  const order = await newOrder(request);
  await openOrder(page, order);
  await page.getByRole("button", { name: "Оплатить через Payme" }).click();
  await expectCheckoutPage(page, order);

  await test.step("a blocked card is refused before the SMS step", async () => {
    await enterCard(page, "4444 4459 8745 9073");
    await expect(page.getByTestId("payme-failure")).toContainText("Платёж не прошёл");
    await expect(page.getByTestId("payme-failure-message")).toHaveText("Карта заблокирована. Обратитесь в банк или оплатите другой картой.");
    expect((await getOrder(request, order.id)).status).toBe("pending");
  });

  await test.step("a card whose debit fails after CreateTransaction: Payme cancels it (reason 2)", async () => {
    await page.getByRole("button", { name: "Оплатить другой картой" }).click();
    await enterCard(page, "8600 1434 1777 0323");
    await enterCode(page);
    await expect(page.getByTestId("payme-failure-message")).toHaveText("Неизвестная системная ошибка процессинга.");
    await expect(page.getByText("Деньги не списаны, заказ можно оплатить снова.")).toBeVisible();
    // The store's record of it: one transaction, cancelled before it was performed (-1), reason 2.
    await expect(async () => {
      expect(await transactionsOf(order.number)).toEqual([{ state: -1, reason: 2 }]);
    }).toPass({ timeout: 10_000 });
  });

  await test.step("back in the shop, the order is still pending and can be paid", async () => {
    await page.getByRole("link", { name: "Вернуться в магазин" }).click();
    await expect(page).toHaveURL(backOnOrderPage(order));
    await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "pending");
    await expect(page.getByRole("button", { name: "Оплатить через Payme" })).toBeVisible();
    const view = await getOrder(request, order.id);
    expect(view.status).toBe("pending");
    expect(view.payments).toEqual([]);
  });
});

test("the payments endpoint answers with the Payme form and link, and 409 once the order is being paid", async ({ request }) => {
  const order = await newOrder(request);
  const response = await request.post(`/api/orders/${order.id}/payments`, { data: { provider: "payme" } });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { provider: string; url: string; form: { action: string; method: string; fields: Record<string, string> } };
  expect(body.provider).toBe("payme");
  expect(body.form.method).toBe("POST");
  expect(body.form.fields).toMatchObject({ amount: order.amount, "account[order_id]": order.number, lang: "ru", callback_timeout: "0" });
  // Back on the address this request used, in the language asked for (Russian by default).
  expect(body.form.fields.callback).toBe(`${new URL(test.info().project.use.baseURL!).origin}/orders/${order.id}?lang=ru&payme=:transaction`);
  const decoded = Buffer.from(body.url.slice(body.form.action.length), "base64").toString("utf8");
  expect(decoded).toBe(
    `m=${body.form.fields.merchant};ac.order_id=${order.number};a=${order.amount};l=ru;c=${body.form.fields.callback};ct=0`,
  );

  await test.step("a headless client pays through the emulator with the same data; then the endpoint answers 409", async () => {
    const opened = await request.post(body.form.action, { form: body.form.fields, maxRedirects: 0 });
    expect(opened.status()).toBe(303);
    const session = new URL(opened.headers().location!, body.form.action).toString();
    await request.post(`${session}/card`, { form: { card: "8600069195406311", expiry: "03/99" }, maxRedirects: 0 });
    await request.post(`${session}/verify`, { form: { code: "666666" }, maxRedirects: 0 });
    await expect.poll(async () => (await getOrder(request, order.id)).status, { timeout: 15_000 }).toBe("paid");
    const again = await request.post(`/api/orders/${order.id}/payments`, { data: { provider: "payme" } });
    expect(again.status()).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "NOT_PAYABLE", reason: "already_paid" } });
  });

  const click = await request.post(`/api/orders/${order.id}/payments`, { data: { provider: "click" } });
  // Click is offered too now: the paid order is not payable through it either.
  expect(click.status()).toBe(409);
  expect((await request.post(`/api/orders/unknown-order/payments`, { data: { provider: "payme" } })).status()).toBe(404);
  expect((await request.post(`/api/orders/${order.id}/payments`, { data: { provider: "paypal" } })).status()).toBe(400);
});

test("from an Uzbek order page to Payme's page and back: in Uzbek, paid, without waiting on Payme's success page", async ({ browser, request }) => {
  const product = (await listProducts(request)).find((candidate) => candidate.currency === "UZS");
  if (!product) throw new Error("the demo catalog has no product priced in UZS");
  const created = await request.post("/api/orders", { data: { items: [{ sku: product.sku, quantity: 1 }], customer: { phone: "+998901234567" }, lang: "uz" } });
  expect(created.status(), await created.text()).toBe(201);
  const order = (await created.json()) as OrderView;
  // A browser that never chose a language (a link from an SMS, another phone): no cookie.
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // The page asks for the hosted-checkout request as it opens.
    const asked = page.waitForResponse((response) => response.url().endsWith(`/api/orders/${order.id}/payments`) && response.request().method() === "POST");
    await test.step("without ?lang= or a cookie, the order page speaks the order's language", async () => {
      await page.goto(`/orders/${order.id}?method=payme`);
      await expect(page).toHaveURL(new RegExp(`/orders/${order.id}\\?method=payme&lang=uz$`));
      await expect(page.locator("html")).toHaveAttribute("lang", "uz");
      await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "pending");
    });

    await expect(page.getByRole("button", { name: "Payme orqali to'lash" })).toBeEnabled();
    const fields = ((await (await asked).json()) as { form: { fields: Record<string, string> } }).form.fields;
    await test.step("the store asks Payme to return at once, to this address, in Uzbek", async () => {
      expect(fields.lang).toBe("uz");
      expect(fields.callback_timeout).toBe("0");
      expect(fields.callback).toBe(`${new URL(page.url()).origin}/orders/${order.id}?lang=uz&payme=:transaction`);
    });

    await page.getByRole("button", { name: "Payme orqali to'lash" }).click();
    await expect(page).toHaveURL(/\/payme\/checkout\/[0-9a-f]{32}$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "uz");
    await page.locator("#card").fill("8600 0691 9540 6311");
    await page.locator("#expiry").fill("03/99");
    await page.getByTestId("payme-pay").click();
    await page.locator("#code").fill("666666");
    await page.getByTestId("payme-confirm").click();

    // The bar: back on the order page, paid, within 3 s of confirming.
    await expect(page.locator("[data-testid=order-status][data-status=paid]")).toBeVisible({ timeout: 3_000 });
    await expect(page).toHaveURL(backOnOrderPage(order, "uz"));
    await expect(page.locator("html")).toHaveAttribute("lang", "uz");
    await expect(page.getByText("Buyurtma to'langan. Rahmat!")).toBeVisible();
    expect((await getOrder(request, order.id)).status).toBe("paid");
  } finally {
    await context.close();
  }
});
