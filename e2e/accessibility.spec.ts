// axe-core on every shopper and admin page, in ru, uz and en (issue 14 §2): no serious or
// critical violation of WCAG 2.1 A/AA — contrast (4.5:1, 3:1 for large text), names, labels,
// landmarks. The cart and checkout are checked with a product in the cart, a product page before
// and after "add to cart", the order page with the card step showing, the admin pages signed in.
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { locales } from "../lib/i18n/locales";
import { createOrder, listProducts } from "./helpers/store-api";
import { e2eServer } from "./helpers/test-server";

const server = e2eServer();

/** The e2e store runs without ADMIN_PASSWORD: the first start generated one into DATA_DIR. */
const adminPassword = () =>
  (JSON.parse(readFileSync(join(server.dataDir, "secrets.json"), "utf8")) as { ADMIN_PASSWORD: string }).ADMIN_PASSWORD;

/** Runs axe on the page as it is now; fails listing each serious or critical rule with the elements it found. */
async function expectNoSeriousViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`.slice(0, 400)),
    }));
  expect(serious, `${what} (${page.url()})`).toEqual([]);
}

/** Waits for the page's main heading, so axe sees the rendered page, not a loading state. */
async function ready(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
}

for (const locale of locales) {
  test(`axe finds no serious or critical violation on the shopper and admin pages in ${locale}`, async ({ page, request }) => {
    // Thirteen axe runs in one test: a loaded machine takes over the default minute.
    test.setTimeout(180_000);
    const products = await listProducts(request);
    const product = products.find((candidate) => candidate.currency === "UZS") ?? products[0]!;
    const order = await createOrder(request, [{ sku: product.sku, quantity: 1 }], { phone: "+998 90 123 45 67" });

    await test.step("catalog", async () => {
      await page.goto(`/?lang=${locale}`);
      await ready(page);
      await expect(page.getByRole("article").first()).toBeVisible();
      await expectNoSeriousViolations(page, "catalog");
    });

    await test.step("cart, with a product in it", async () => {
      const first = page.getByRole("article").first();
      await first.getByRole("button").last().click();
      await expect(first.getByRole("status")).toContainText("1");
      await page.goto(`/cart?lang=${locale}`);
      await ready(page);
      await expect(page.getByRole("article").first()).toBeVisible();
      await expectNoSeriousViolations(page, "cart");
    });

    await test.step("checkout, also with its error messages showing", async () => {
      await page.goto(`/checkout?lang=${locale}`);
      await ready(page);
      await expect(page.locator("#checkout-phone")).toBeVisible();
      await expectNoSeriousViolations(page, "checkout");
      await page.locator("#checkout-phone").fill("8 90 123 45 67");
      await page.locator("form button[type=submit]").click();
      await expect(page.locator("#checkout-phone")).toHaveAttribute("aria-invalid", "true");
      await expectNoSeriousViolations(page, "checkout with errors");
    });

    await test.step("order page with the card step", async () => {
      await page.goto(`/orders/${order.id}?lang=${locale}`);
      await ready(page);
      await expect(page.getByTestId("payme-card")).toBeVisible();
      // The expiry's placeholder speaks the label's language (ММ/ГГ, OO/YY, MM/YY).
      await expect(page.getByTestId("card-expiry")).toHaveAttribute("placeholder", { ru: "ММ/ГГ", uz: "OO/YY", en: "MM/YY" }[locale]);
      await expectNoSeriousViolations(page, "order page, card step");
    });

    await test.step("admin sign-in", async () => {
      await page.goto(`/admin?lang=${locale}`);
      await ready(page);
      await expectNoSeriousViolations(page, "admin sign-in");
      // The e2e store generated its password: the hint names the real file under DATA_DIR.
      await expect(page.getByTestId("signin-hint")).toContainText(join(server.dataDir, "secrets.json"));
      await page.locator("input[type=password]").fill(adminPassword());
      await page.locator("input[type=password]").press("Enter");
      await expect(page.locator("input[type=password]")).toHaveCount(0);
    });

    for (const path of ["/admin/orders", `/admin/orders/${order.number}`, "/admin/settings", "/admin/audit", "/admin/reconciliation", "/admin/payme-tester", "/admin/webhooks", "/admin/exchange-1c"]) {
      await test.step(`admin ${path}`, async () => {
        await page.goto(`${path}?lang=${locale}`);
        await ready(page);
        await expectNoSeriousViolations(page, path);
      });
    }
  });
}

// The order page through each step of a card payment, on a phone: the card step with the other
// ways to pay and the QR code opened, a refused card's message, the SMS step, then paid.
for (const locale of ["ru", "uz", "en"] as const) {
  test(`axe finds no serious or critical violation on each payment step of the order page in ${locale}`, async ({ page, request }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 390, height: 844 });
    const products = await listProducts(request);
    const product = products.find((candidate) => candidate.currency === "UZS") ?? products[0]!;
    const order = await createOrder(request, [{ sku: product.sku, quantity: 1 }], { phone: "+998 90 123 45 67" });
    await page.goto(`/orders/${order.id}?lang=${locale}`);
    await ready(page);
    const card = page.getByTestId("card-form");
    await expect(card).toBeVisible();

    await test.step("card step, other ways to pay and the QR code shown", async () => {
      const otherWays = page.getByTestId("other-ways");
      await expect(otherWays).toBeVisible();
      const showQr = otherWays.locator("button[aria-expanded=false]").first();
      if ((await showQr.count()) > 0) {
        await showQr.click();
        await expect(otherWays.locator("button[aria-expanded=true]").first()).toBeVisible();
      }
      await expectNoSeriousViolations(page, "order page, card step with other ways");
    });

    await test.step("a card the emulator refuses: its message", async () => {
      // A test card the Subscribe emulator answers as blocked.
      await page.getByTestId("card-number").fill("4444 4459 8745 9073");
      await page.getByTestId("card-expiry").fill("03/99");
      await card.locator("button[type=submit]").click();
      await expect(page.getByTestId("card-error")).toBeVisible();
      await expectNoSeriousViolations(page, "order page, card refused");
    });

    await test.step("SMS code step", async () => {
      await page.getByTestId("card-number").fill("8600 0691 9540 6311");
      await page.getByTestId("card-expiry").fill("03/99");
      await card.locator("button[type=submit]").click();
      await expect(page.getByTestId("card-code")).toBeFocused();
      await expectNoSeriousViolations(page, "order page, SMS step");
    });

    await test.step("paid", async () => {
      await page.getByTestId("card-code").fill("666666");
      await page.getByTestId("code-form").locator("button[type=submit]").click();
      await expect(page.locator("[data-testid=order-status][data-status=paid]")).toBeVisible({ timeout: 15_000 });
      await expectNoSeriousViolations(page, "order page, paid");
    });
  });
}

// Its own test: the one above already takes most of a test's time on a loaded machine.
for (const locale of locales) {
  test(`axe finds no serious or critical violation on a product page in ${locale}, before and after "add to cart"`, async ({ page, request }) => {
    const products = await listProducts(request);
    const priced = [products.find((candidate) => candidate.currency === "UZS")!, products.find((candidate) => candidate.currency !== "UZS")];
    for (const product of priced.filter((candidate) => candidate !== undefined)) {
      await page.goto(`/products/${encodeURIComponent(product.sku)}?lang=${locale}`);
      await ready(page);
      const main = page.getByTestId("product-page");
      await expect(main).toBeVisible();
      await expectNoSeriousViolations(page, `product page ${product.sku}`);
      await main.getByRole("button").last().click();
      await expect(main.getByRole("status")).toContainText(/\d/);
      await expect(page.getByTestId("cart-count")).toBeVisible();
      await expectNoSeriousViolations(page, `product page ${product.sku} after adding`);
    }
  });
}
