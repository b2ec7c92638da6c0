// The merchant admin in a real browser: sign-in, a stranger's wrong passwords ending in a
// lock-out that does not lock the merchant's own browser out, cashbox keys for Payme, Click and
// Robokassa (stored encrypted, shown only as ••••last4), the audit log, and order actions.
import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createSql } from "../lib/db/sql";
import { sandboxClickCredentials } from "../lib/payments/click/click-settings";
import { sandboxRobokassaCredentials } from "../lib/payments/robokassa/sandbox-credentials";
import { payWithTestCard, runningStoreReceipts } from "../test/helpers/test-card";
import { createOrder } from "./helpers/store-api";
import { e2eServer } from "./helpers/test-server";

const server = e2eServer();

/** The e2e store runs without ADMIN_PASSWORD: the first start generated one into DATA_DIR (mode 0600). */
function generatedSecrets(): { ADMIN_PASSWORD: string; APP_SECRET: string } {
  return JSON.parse(readFileSync(join(server.dataDir, "secrets.json"), "utf8")) as { ADMIN_PASSWORD: string; APP_SECRET: string };
}

const keys = {
  paymeKey: `payme-live-${Date.now()}-K3y9`,
  clickSecret: `click-secret-${Date.now()}-S7q2`,
  robokassa1: `robokassa-one-${Date.now()}-R1a1`,
  robokassa2: `robokassa-two-${Date.now()}-R2b2`,
  robokassa3: `robokassa-three-${Date.now()}-R3c3`,
};

let merchantState: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined;

async function signIn(page: Page, password: string) {
  await page.goto("/admin");
  await page.getByLabel("Пароль администратора").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
}

async function merchant(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: merchantState });
  return { context, page: await context.newPage() };
}

test.describe.configure({ mode: "serial" });

test("sign-in: a wrong password is refused, a stranger gets locked out, the merchant's browser is not", async ({ browser }) => {
  test.setTimeout(120_000);
  const { ADMIN_PASSWORD } = generatedSecrets();
  const own = await browser.newContext();
  const page = await own.newPage();

  await test.step("the admin asks for the password; a wrong one is refused with a clear message", async () => {
    await page.goto("/admin/orders");
    await expect(page).toHaveURL(/\/admin$/);
    await signIn(page, "not the password");
    await expect(page.locator(".adm").getByRole("alert")).toHaveText("Неверный пароль.");
  });

  await test.step("the right password opens the orders, with an HttpOnly SameSite=Strict cookie", async () => {
    await signIn(page, ADMIN_PASSWORD);
    await expect(page.getByRole("heading", { level: 1, name: "Заказы" })).toBeVisible();
    const session = (await own.cookies()).find((cookie) => cookie.name === "tolov_admin");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/admin" });
    await expect(page.getByRole("link", { name: "Тест Payme" })).toHaveAttribute("href", "/admin/payme-tester");
  });

  // The e2e store sees every browser as 127.0.0.1: declare that a trusted proxy, and let the
  // stranger come "through" it from another address, so the lock stays theirs.
  const security = page.locator('[data-section="admin"]');
  const proxies = security.getByLabel("Доверенные обратные прокси перед магазином (для адреса при входе)");
  await test.step("the merchant declares the reverse proxy in front of the store", async () => {
    await page.goto("/admin/settings");
    await proxies.fill("127.0.0.1");
    await security.getByRole("button", { name: "Сохранить" }).click();
    await expect(security.getByRole("status")).toContainText("Сохранено");
  });

  await test.step("a stranger's wrong passwords slow down, then lock sign-in for that browser and address", async () => {
    const stranger = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.7" } });
    const attacker = await stranger.newPage();
    let message = "";
    for (let attempt = 1; attempt <= 12 && !message.includes("заблокирован"); attempt += 1) {
      await signIn(attacker, `guess-${attempt}`);
      const alert = attacker.locator(".adm").getByRole("alert");
      await expect(alert).toBeVisible();
      message = (await alert.textContent()) ?? "";
      const wait = /через (\d+) с/.exec(message);
      if (wait) await attacker.waitForTimeout(Number(wait[1]) * 1000 + 300);
    }
    expect(message).toContain("заблокирован до");
    // Locked means locked: even the right password is refused there now.
    await signIn(attacker, ADMIN_PASSWORD);
    await expect(attacker.locator(".adm").getByRole("alert")).toContainText("временно заблокирован");
    await stranger.close();
  });

  await test.step("the merchant signs out and back in from their own browser, lock or not", async () => {
    await page.getByRole("button", { name: "Выйти" }).click();
    await expect(page.locator(".adm").getByRole("status")).toHaveText("Вы вышли из админки.");
    await page.goto("/admin/settings");
    await expect(page).toHaveURL(/\/admin$/);
    await signIn(page, ADMIN_PASSWORD);
    await expect(page.getByRole("heading", { level: 1, name: "Заказы" })).toBeVisible();
    merchantState = await own.storageState();
  });

  await test.step("the proxy setting is put back", async () => {
    await page.goto("/admin/settings");
    await proxies.fill("");
    await security.getByRole("button", { name: "Сохранить" }).click();
    await expect(security.getByRole("status")).toContainText("Сохранено");
  });
  await own.close();
});

test("cashbox keys: set for Payme, Click and Robokassa, stored encrypted, shown only masked, audited by field name", async ({ browser }) => {
  const { APP_SECRET } = generatedSecrets();
  const { context, page } = await merchant(browser);
  await page.goto("/admin/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Ключи касс и настройки" })).toBeVisible();

  const payme = page.locator('[data-section="payme"]');
  const click = page.locator('[data-section="click"]');
  const robokassa = page.locator('[data-section="robokassa"]');

  await test.step("the callback addresses to paste into each cabinet are shown", async () => {
    await expect(payme).toContainText(`${server.baseURL}/api/payme`);
    await expect(click).toContainText(`${server.baseURL}/api/click/prepare`);
    await expect(click).toContainText(`${server.baseURL}/api/click/complete`);
    await expect(robokassa).toContainText(`${server.baseURL}/api/robokassa/result`);
  });

  await test.step("Payme: the live key (the sandbox keeps using the test key)", async () => {
    await payme.getByLabel("Ключ кассы (боевой)").fill(keys.paymeKey);
    await payme.getByRole("button", { name: "Сохранить" }).click();
    await expect(payme.getByRole("status")).toHaveText("Сохранено: Ключ кассы (боевой).");
  });

  await test.step("Click: ids and the secret key", async () => {
    await click.getByLabel("Service ID").fill("31415");
    await click.getByLabel("Секретный ключ").fill(keys.clickSecret);
    await click.getByRole("button", { name: "Сохранить" }).click();
    await expect(click.getByRole("status")).toContainText("Секретный ключ");
  });

  await test.step("Robokassa: passwords 1–3 and the hash algorithm", async () => {
    await robokassa.getByLabel("Пароль №1", { exact: true }).fill(keys.robokassa1);
    await robokassa.getByLabel("Пароль №2", { exact: true }).fill(keys.robokassa2);
    await robokassa.getByLabel("Пароль №3 (возвраты)").fill(keys.robokassa3);
    await robokassa.getByLabel("Алгоритм подписи").selectOption("sha256");
    await robokassa.getByRole("button", { name: "Сохранить" }).click();
    await expect(robokassa.getByRole("status")).toContainText("Пароль №1");
  });

  await test.step("live mode is refused while the store runs on generated secrets", async () => {
    await robokassa.getByLabel("Режим", { exact: true }).selectOption("live");
    await robokassa.getByRole("button", { name: "Сохранить" }).click();
    await expect(robokassa.getByRole("alert")).toContainText("Боевой режим включается только когда APP_SECRET и ADMIN_PASSWORD заданы явно");
  });

  await test.step("after a reload the page shows only ••••last4, never a stored secret", async () => {
    await page.reload();
    await expect(page.getByTestId("secret-payme-key")).toHaveText(`сохранён: ••••${keys.paymeKey.slice(-4)}`);
    await expect(page.getByTestId("secret-click-secretKey")).toHaveText(`сохранён: ••••${keys.clickSecret.slice(-4)}`);
    await expect(page.getByTestId("secret-robokassa-password3")).toHaveText(`сохранён: ••••${keys.robokassa3.slice(-4)}`);
    const html = await page.content();
    for (const secret of Object.values(keys)) expect(html).not.toContain(secret);
    for (const input of await page.locator('input[type="password"]').all()) await expect(input).toHaveValue("");
  });

  await test.step("the database holds every key encrypted, none in plain text", async () => {
    const database = new Database(server.databaseUrl.slice("file:".length), { readonly: true, fileMustExist: true });
    try {
      const rows = database.prepare(`SELECT "key", "value", "encrypted" FROM "Setting"`).all() as { key: string; value: string; encrypted: number }[];
      const dump = JSON.stringify(rows);
      for (const secret of Object.values(keys)) expect(dump).not.toContain(secret);
      for (const name of ["payme.key", "click.secretKey", "robokassa.password1", "robokassa.password2", "robokassa.password3"]) {
        const row = rows.find((candidate) => candidate.key === name);
        expect(row, name).toMatchObject({ encrypted: 1 });
        expect(row!.value).toMatch(/^v1\./);
      }
    } finally {
      database.close();
    }
  });

  await test.step("the audit log lists the key changes by field name, without values", async () => {
    await page.getByRole("link", { name: "Журнал" }).click();
    const log = page.getByTestId("audit-log");
    await expect(log).toContainText("изменение настроек");
    await expect(log.getByRole("row").filter({ hasText: "settings:payme" }).first()).toContainText("fields: key");
    await expect(log.getByRole("row").filter({ hasText: "settings:robokassa" }).first()).toContainText("отклонено");
    const text = (await log.textContent()) ?? "";
    for (const secret of Object.values(keys)) expect(text).not.toContain(secret);
    await expect(log).toContainText("вход");
  });

  await test.step("Click's and Robokassa's keys go back to the sandbox's, so the emulators keep agreeing with the store (other specs pay through them)", async () => {
    await page.goto("/admin/settings");
    await click.getByLabel("Service ID").fill(sandboxClickCredentials(APP_SECRET).serviceId);
    await click.getByLabel("Секретный ключ").fill(sandboxClickCredentials(APP_SECRET).secretKey);
    await click.getByRole("button", { name: "Сохранить" }).click();
    await expect(click.getByRole("status")).toContainText("Сохранено");
    await robokassa.getByLabel("Пароль №3 (возвраты)").fill(sandboxRobokassaCredentials(APP_SECRET).password3);
    await robokassa.getByLabel("Алгоритм подписи").selectOption("md5");
    await robokassa.getByRole("button", { name: "Сохранить" }).click();
    await expect(robokassa.getByRole("status")).toContainText("Сохранено");
  });
  await context.close();
});

test("orders: find an order by number or phone, open it, cancel it", async ({ browser, request }) => {
  const order = await createOrder(request, [{ sku: "DOPPI-CHUST", quantity: 1 }], { phone: "+998 93 555 12 34" });
  const { context, page } = await merchant(browser);
  await page.goto("/admin/orders");
  await page.getByLabel("Номер заказа или телефон").fill("935551234");
  await page.getByRole("button", { name: "Показать" }).click();
  await expect(page.getByRole("link", { name: `№${order.number}` })).toBeVisible();
  await page.getByRole("link", { name: `№${order.number}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Заказ №${order.number}`);
  await expect(page.getByText("Заказ никто не держит.")).toBeVisible();
  await expect(page.getByRole("cell", { name: /Чустская тюбетейка/ })).toBeVisible();

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Отменить заказ" }).click();
  await expect(page.locator(".adm").getByRole("status")).toHaveText("Заказ отменён.");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("отменён");
  await context.close();
});

/**
 * Pays an order by card through the store's receipts domain and the sandbox's Subscribe
 * emulator, as the card form's server action does (the form itself is the storefront's).
 */
async function payByCard(orderId: string, hold: boolean) {
  const { APP_SECRET } = generatedSecrets();
  const sql = createSql(server.databaseUrl);
  try {
    const { ctx } = runningStoreReceipts(sql, { port: server.port, url: server.baseURL, databaseUrl: server.databaseUrl, dataDir: server.dataDir, appSecret: APP_SECRET });
    return await payWithTestCard(ctx, orderId, { hold });
  } finally {
    await sql.close();
  }
}

test("a Payme card payment refunded from the admin: the order ends refunded and the ledger balanced", async ({ browser, request }) => {
  const order = await createOrder(request, [{ sku: "ATLAS-SCARF", quantity: 1 }], { phone: "+998 90 222 33 44" });
  const receipt = await payByCard(order.id, false);
  const { context, page } = await merchant(browser);
  await page.goto(`/admin/orders/${order.number}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("оплачен");

  await page.getByRole("button", { name: "Отметить выполненным" }).click();
  await expect(page.locator(".adm").getByRole("status")).toContainText("Заказ отмечен выполненным");

  const payment = page.getByRole("row").filter({ hasText: receipt.id }).filter({ hasText: "платёж" });
  page.once("dialog", (dialog) => void dialog.accept());
  await payment.getByRole("button", { name: "Вернуть" }).click();
  await expect(page.locator(".adm").getByRole("status").filter({ hasText: "Возврат отправлен провайдеру" })).toBeVisible();

  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("возвращён");
  }).toPass({ timeout: 20_000 });
  const ledger = page.getByRole("region", { name: "Платежи и возвраты" });
  await expect(ledger.getByRole("row").filter({ hasText: "возврат" }).filter({ hasText: receipt.id })).toHaveCount(1);
  const facts = page.locator(".adm-facts");
  await expect(facts).toContainText(/Оплачено\s*320\s000\sсум/);
  await expect(facts).toContainText(/Возвращено\s*320\s000\sсум/);
  await context.close();
});

test("a Payme hold confirmed from the admin: the order becomes paid", async ({ browser, request }) => {
  const order = await createOrder(request, [{ sku: "SUZANI-PILLOW", quantity: 1 }], { phone: "+998 90 333 44 55" });
  const receipt = await payByCard(order.id, true);
  expect(receipt.state).toBe(5);
  const { context, page } = await merchant(browser);
  await page.goto(`/admin/orders/${order.number}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("холд");
  await expect(page.getByText(/Холд Payme: деньги заблокированы на карте покупателя\. Холд истекает \d/)).toBeVisible();

  await page.getByRole("button", { name: "Списать холд" }).click();
  await expect(page.locator(".adm").getByRole("status").filter({ hasText: "Холд списан" })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("оплачен");
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText("Заказ никто не держит.")).toBeVisible();
  await context.close();
});

test("reconciliation: a wrong file is refused with a clear message, the emulator cabinet's statement is taken", async ({ browser, request }) => {
  const day = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
  const token = readFileSync(join(server.dataDir, "sandbox-token"), "utf8").trim();
  const exported = await request.get(`http://127.0.0.1:${server.port + 1}/payme/cabinet/statement?from=${day}&to=${day}`, { headers: { authorization: `Bearer ${token}` } });
  expect(exported.status()).toBe(200);
  const statement = await exported.body();

  const { context, page } = await merchant(browser);
  await page.goto(`/admin/reconciliation?provider=payme&from=${day}&to=${day}`);
  await expect(page.getByRole("heading", { level: 2, name: "Выписка из кабинета провайдера" })).toBeVisible();
  const file = page.getByLabel(/Файл выписки \(CSV, до 2 МБ\)/);

  await file.setInputFiles({ name: "prices.csv", mimeType: "text/csv", buffer: Buffer.from("name;price\nteapot;100\n") });
  await page.getByRole("button", { name: "Загрузить выписку" }).click();
  await expect(page.locator(".adm").getByRole("alert")).toContainText("Это не выписка транзакций Payme: в первой строке нет столбцов ID транзакции, Сумма, Состояние.");

  await page.getByLabel(/Файл выписки/).setInputFiles({ name: "payme-statement.csv", mimeType: "text/csv", buffer: statement });
  await page.getByRole("button", { name: "Загрузить выписку" }).click();
  await expect(page.getByText(/Сверка учитывает выписку «payme-statement\.csv»/)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Совпадений:" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Скачать CSV" })).toHaveAttribute("href", /statement=\d+/);
  await context.close();
});

test("orders: the Payme tester's test orders are offered behind \"show test orders\"", async ({ browser }) => {
  const { context, page } = await merchant(browser);
  await page.goto("/admin/orders");
  const showTest = page.getByLabel("Показать тестовые заказы");
  await expect(showTest).not.toBeChecked();
  await showTest.check();
  await page.getByRole("button", { name: "Показать" }).click();
  await expect(page).toHaveURL(/test=1/);
  await expect(page.getByLabel("Показать тестовые заказы")).toBeChecked();
  await context.close();
});
