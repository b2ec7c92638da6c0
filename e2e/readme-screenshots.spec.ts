// The README's pictures, taken from the running store so they stay current: the checkout and the
// order page on a phone (390×844), the card form, and the admin's order page on a laptop
// (1366×768), in English. A normal run writes them into its own output folder (test-results/);
// `npm run screenshots` (TOLOV_SCREENSHOTS=1) writes them into docs/screenshots/ for the README.
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { orderIdFromUrl } from "./helpers/store-api";
import { e2eServer } from "./helpers/test-server";

const server = e2eServer();
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };
const docsFolder = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "screenshots");

/** Where a picture goes: docs/screenshots/ when asked for (TOLOV_SCREENSHOTS=1), else the test's output folder. */
function picturePath(testInfo: TestInfo, name: string): string {
  if (process.env.TOLOV_SCREENSHOTS !== "1") return testInfo.outputPath(name);
  mkdirSync(docsFolder, { recursive: true });
  return join(docsFolder, name);
}

/** The e2e store runs without ADMIN_PASSWORD: the first start generated one into DATA_DIR. */
const adminPassword = () =>
  (JSON.parse(readFileSync(join(server.dataDir, "secrets.json"), "utf8")) as { ADMIN_PASSWORD: string }).ADMIN_PASSWORD;

/** No blinking caret or running transition in a picture. */
async function still(page: Page): Promise<void> {
  await page.addStyleTag({ content: "*, *::before, *::after { caret-color: transparent !important; transition: none !important; animation: none !important; }" });
}

test("README pictures: the checkout and the order page on a phone, the card form, the admin's order page", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const phone = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  let orderNumber = "";

  await test.step("the checkout on a phone", async () => {
    await page.goto("/?lang=en");
    for (const name of ["Rishtan ceramic teapot", "Piyola cups, set of 6"]) {
      const product = page.getByRole("article", { name });
      await product.getByRole("button", { name: "Add to cart" }).click();
      await expect(product.getByRole("status")).toContainText("1");
    }
    await page.goto("/checkout?lang=en");
    await page.getByLabel("Phone").fill("90 123 45 67");
    await page.getByRole("radio", { name: "Payme" }).check();
    await page.getByLabel("Phone").blur();
    await still(page);
    await page.screenshot({ path: picturePath(testInfo, "checkout-phone.png") });
  });

  await test.step("the order page on a phone: the amount and the card form first", async () => {
    await page.getByRole("button", { name: /^Place order/ }).click();
    await expect(page).toHaveURL(/\/orders\/[\w-]+\?method=payme$/);
    await expect(page.getByTestId("payme-card").getByLabel("Card number")).toBeVisible();
    orderNumber = /#(\d+)/.exec((await page.getByRole("heading", { level: 1 }).textContent()) ?? "")?.[1] ?? "";
    expect(orderNumber).toMatch(/^\d+$/);
    await still(page);
    await page.screenshot({ path: picturePath(testInfo, "order-phone.png") });
  });

  await test.step("the card form, filled in, then paid", async () => {
    const panel = page.getByTestId("payme-card");
    await panel.getByLabel("Card number").fill("8600 0691 9540 6311");
    await panel.getByLabel("Expiry date (MM/YY)").fill("03/99");
    await panel.getByLabel("Card number").focus();
    await panel.screenshot({ path: picturePath(testInfo, "card-form.png") });
    await panel.getByRole("button", { name: "Get the SMS code" }).click();
    await page.getByTestId("code-form").getByLabel("Code from the SMS").fill("666666");
    await page.getByTestId("code-form").getByRole("button", { name: /^Pay UZS/ }).click();
    await expect(page.locator("[data-testid=order-status][data-status=paid]")).toBeVisible({ timeout: 15_000 });
    expect(orderIdFromUrl(page.url())).not.toBe("");
  });
  await phone.close();

  await test.step("the admin's order page on a laptop", async () => {
    const laptop = await browser.newContext({ viewport: LAPTOP });
    const admin = await laptop.newPage();
    await admin.goto("/admin?lang=en");
    await admin.locator("input[type=password]").fill(adminPassword());
    await admin.locator("input[type=password]").press("Enter");
    await expect(admin.locator("input[type=password]")).toHaveCount(0);
    await admin.goto(`/admin/orders/${orderNumber}?lang=en`);
    await expect(admin.getByRole("heading", { level: 1 })).toContainText(orderNumber);
    await still(admin);
    await admin.screenshot({ path: picturePath(testInfo, "admin-order.png") });
    await laptop.close();
  });
});
