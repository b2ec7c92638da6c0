// The order page on a phone (390×844, issue 14 §1), in ru, uz and en: the amount to pay and the
// chosen way's form come first — the card number field inside the first screen, without
// scrolling —, the items are folded, every other way to pay is under "Other ways to pay", and a
// QR code (useless on the phone that shows it) appears only when asked for. The same layout for a
// provider without an embedded form (Click): its own button first, its QR on request.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { locales, type Locale } from "../lib/i18n/locales";
import { createOrder, listProducts, type OrderView } from "./helpers/store-api";

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

const texts: Record<Locale, { number: string; due: string; items: RegExp; otherWays: string; showQr: string; hideQr: string; payme: string }> = {
  ru: {
    number: "Номер карты",
    due: "К оплате",
    items: /^Товары \(3\) · /,
    otherWays: "Другие способы оплаты",
    showQr: "Показать QR-код",
    hideQr: "Скрыть QR-код",
    payme: "Оплатить через Payme",
  },
  uz: {
    number: "Karta raqami",
    due: "To'lanishi kerak",
    items: /^Mahsulotlar \(3\) · /,
    otherWays: "Boshqa to'lov usullari",
    showQr: "QR-kodni ko'rsatish",
    hideQr: "QR-kodni yashirish",
    payme: "Payme orqali to'lash",
  },
  en: {
    number: "Card number",
    due: "Amount to pay",
    items: /^Items \(3\) · /,
    otherWays: "Other ways to pay",
    showQr: "Show QR code",
    hideQr: "Hide QR code",
    payme: "Pay with Payme",
  },
};

/** An order of three items (two lines) in so'm, with a phone. */
async function newOrder(request: APIRequestContext): Promise<OrderView> {
  const products = (await listProducts(request)).filter((candidate) => candidate.currency === "UZS");
  if (products.length < 2) throw new Error("the demo catalog has fewer than two products priced in UZS");
  return createOrder(
    request,
    [
      { sku: products[0]!.sku, quantity: 2 },
      { sku: products[1]!.sku, quantity: 1 },
    ],
    { phone: "+998901234567" },
  );
}

/** Whether the element lies wholly inside the first screen of a page that was not scrolled. */
async function expectInFirstScreen(page: Page, what: ReturnType<Page["locator"]>): Promise<void> {
  await expect(what).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const box = await what.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
  expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
}

for (const locale of locales) {
  test(`on a phone in ${locale}: the amount and the card form first, the items folded, other ways below, the QR on request`, async ({ page, request }) => {
    const text = texts[locale];
    const order = await newOrder(request);
    await page.goto(`/orders/${order.id}?lang=${locale}&method=payme`);
    await expect(page.locator("html")).toHaveAttribute("lang", locale);

    await test.step("the card number field and the amount to pay are in the first screen", async () => {
      const number = page.getByTestId("payme-card").getByLabel(text.number);
      await expectInFirstScreen(page, number);
      const due = page.getByText(text.due, { exact: true });
      await expectInFirstScreen(page, due);
      await expectInFirstScreen(page, page.getByTestId("amount-due"));
    });

    await test.step("the items are folded under their count and total, and open from the keyboard", async () => {
      const items = page.getByTestId("order-items");
      const summary = items.locator("summary");
      await expect(summary).toHaveText(text.items);
      await expect(items).not.toHaveAttribute("open");
      await expect(items.getByRole("table")).toBeHidden();
      await summary.focus();
      await page.keyboard.press("Enter");
      await expect(items).toHaveAttribute("open");
      await expect(items.getByRole("table").getByRole("row")).toHaveCount(4);
    });

    await test.step("Payme's own page and link are under 'Other ways to pay', below the card form", async () => {
      const other = page.getByRole("region", { name: text.otherWays });
      await expect(other.getByRole("button", { name: text.payme })).toBeVisible();
      await expect(other.getByTestId("payme-link")).toBeVisible();
      const formBox = await page.getByTestId("payme-card").boundingBox();
      const otherBox = await other.boundingBox();
      expect(otherBox!.y).toBeGreaterThanOrEqual(formBox!.y + formBox!.height);
    });

    await test.step("the QR code shows only on request, and hides again", async () => {
      await expect(page.getByTestId("payme-qr")).toHaveCount(0);
      const show = page.getByRole("button", { name: text.showQr });
      await expect(show).toHaveAttribute("aria-expanded", "false");
      await show.click();
      await expect(page.getByTestId("payme-qr")).toBeVisible();
      const hide = page.getByRole("button", { name: text.hideQr });
      await expect(hide).toHaveAttribute("aria-expanded", "true");
      await hide.click();
      await expect(page.getByTestId("payme-qr")).toHaveCount(0);
    });

    await test.step("Payme's page shows the amount written as the store writes it in this language", async () => {
      const due = (await page.getByTestId("amount-due").textContent()) ?? "";
      expect(due).toMatch(/\d/);
      await page.getByRole("region", { name: text.otherWays }).getByRole("button", { name: text.payme }).click();
      await expect(page.getByTestId("payme-amount")).toHaveText(due);
    });
  });
}

test("on a phone, a provider without an embedded form (Click): its button first, its QR on request", async ({ page, request }) => {
  const order = await newOrder(request);
  await page.goto(`/orders/${order.id}?lang=en&method=click`);
  const pay = page.getByTestId("click-form").getByRole("button");
  await expectInFirstScreen(page, pay);
  await expect(page.getByTestId("other-ways")).toHaveCount(0);
  await expect(page.getByTestId("click-qr")).toHaveCount(0);
  await page.getByRole("button", { name: "Show QR code" }).click();
  await expect(page.getByTestId("click-qr")).toBeVisible();
});

test("switching the language in the SMS step keeps the step, in the new language, and the payment goes through", async ({ page, request }) => {
  const order = await newOrder(request);
  await page.goto(`/orders/${order.id}?lang=en&method=payme`);
  const panel = page.getByTestId("payme-card");
  await panel.getByLabel("Card number").fill("8600 0691 9540 6311");
  await panel.getByLabel("Expiry date (MM/YY)").fill("03/99");
  await panel.getByRole("button", { name: "Get the SMS code" }).click();
  await expect(page.getByTestId("code-form").getByLabel("Code from the SMS")).toBeFocused();

  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: /^uz\b/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "uz");
  await expect(page).toHaveURL(/[?&]lang=uz\b/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Buyurtma №${order.number}`);
  const code = page.getByTestId("code-form").getByLabel("SMS'dagi kod");
  await expect(code).toBeVisible();
  await code.fill("666666");
  await page.getByTestId("code-form").getByRole("button", { name: /so'm/ }).click();
  await expect(page.locator("[data-testid=order-status][data-status=paid]")).toBeVisible({ timeout: 15_000 });
});
