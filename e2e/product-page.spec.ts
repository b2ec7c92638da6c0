// The product page (issue 14 §9): reached from the catalog, in ru, uz and en, on a phone
// (390×844): art, name, price as `1 250 000 so'm`, description, "add to cart"; the header's cart
// count updates and stays in sight after adding far down the page; an unknown SKU is a 404.
import { expect, test } from "@playwright/test";
import { locales, type Locale } from "../lib/i18n/locales";
import { listProducts, somPattern } from "./helpers/store-api";

test.use({ viewport: { width: 390, height: 844 } });

const texts: Record<Locale, { addToCart: string; added: RegExp; quantity: string; fallback: RegExp; notFound: string }> = {
  ru: { addToCart: "В корзину", added: /в корзине: 2/, quantity: "Количество", fallback: /по резервному курсу на/, notFound: "Страница не найдена" },
  uz: { addToCart: "Savatga qo'shish", added: /savatda: 2/, quantity: "Soni", fallback: /zaxira kurs bo'yicha/, notFound: "Sahifa topilmadi" },
  en: { addToCart: "Add to cart", added: /in your cart: 2/, quantity: "Quantity", fallback: /at the offline fallback rate of/, notFound: "Page not found" },
};

for (const locale of locales) {
  test(`a shopper opens a product from the catalog and adds it to the cart on a phone in ${locale}`, async ({ page, request }) => {
    const products = await listProducts(request);
    const product = products.find((candidate) => candidate.sku === "RISHTAN-TEAPOT") ?? products.find((candidate) => candidate.currency === "UZS")!;
    const title = product.title[locale];
    const text = texts[locale];

    let cardPrice = "";
    await test.step("the catalog links to the product's page", async () => {
      await page.goto(`/?lang=${locale}`);
      const card = page.getByRole("article", { name: title });
      cardPrice = (await card.locator(".price").textContent()) ?? "";
      expect(cardPrice).not.toBe("");
      await card.getByRole("link", { name: title }).click();
      await expect(page).toHaveURL(new RegExp(`/products/${product.sku}$`));
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
    });

    await test.step("the page shows the art, the price in so'm and the description", async () => {
      const main = page.getByTestId("product-page");
      await expect(main.locator("svg").first()).toBeVisible();
      // The catalog's formatting (lib/money's formatMoney): "185 000 сум", "185 000 so'm", "UZS 185,000".
      await expect(main.locator(".price")).toHaveText(cardPrice);
      if (locale !== "en") await expect(main.locator(".price")).toHaveText(somPattern(product.price));
      await expect(main.locator(".price")).toContainText({ ru: "сум", uz: "so'm", en: "UZS" }[locale]);
      await expect(main.locator(".product-page__description")).not.toBeEmpty();
    });

    await test.step("add two to the cart: the header's count says 2 and stays in sight", async () => {
      await expect(page.getByTestId("cart-count")).toHaveCount(0);
      await page.getByLabel(text.quantity).fill("2");
      // The button at the bottom of the viewport, the header scrolled away were it not sticky.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.getByRole("button", { name: text.addToCart }).click();
      await expect(page.getByTestId("product-page").getByRole("status")).toContainText(text.added);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await expect(page.getByTestId("cart-count")).toContainText("2");
      await expect(page.getByTestId("cart-count")).toBeInViewport();
    });

    await test.step("the cart has it", async () => {
      await page.getByTestId("cart-count").click();
      await expect(page.getByRole("article", { name: title })).toBeVisible();
      await expect(page.getByRole("article", { name: title }).getByRole("spinbutton")).toHaveValue("2");
    });
  });
}

test("a product priced in dollars says its so'm estimate uses the offline fallback rate", async ({ page, request }) => {
  const foreign = (await listProducts(request)).find((candidate) => candidate.currency !== "UZS");
  expect(foreign, "the demo catalog has a product priced in dollars").toBeDefined();
  for (const locale of locales) {
    await page.goto(`/products/${encodeURIComponent(foreign!.sku)}?lang=${locale}`);
    await expect(page.getByRole("heading", { level: 1, name: foreign!.title[locale] })).toBeVisible();
    // The e2e store cannot reach the CBU (UNREACHABLE_CBU_URL).
    await expect(page.getByTestId("product-page")).toContainText(texts[locale].fallback);
  }
});

test("an unknown, malformed or overlong SKU answers the not-found page with 404, never a 500", async ({ page }) => {
  for (const path of ["/products/NO-SUCH-SKU", "/products/%E0%A4%A", `/products/${"X".repeat(300)}`, "/products/%00"]) {
    const response = await page.goto(`${path}?lang=en`);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: texts.en.notFound }), path).toBeVisible();
  }
});
