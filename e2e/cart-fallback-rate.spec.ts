// A price in a foreign currency converted at the offline fallback rate (the e2e store cannot
// reach the CBU) says so on the cart and the checkout too, not only in the catalog (issue 14 §10).
import { expect, test } from "@playwright/test";

test("the cart and the checkout say the so'm sum uses the fallback rate, in the shopper's language", async ({ page }) => {
  await page.goto("/?lang=en");
  const earbuds = page.getByRole("article", { name: "Wireless earbuds X2" });
  await expect(earbuds).toContainText("at the offline fallback rate of");
  await earbuds.getByRole("button", { name: "Add to cart" }).click();
  await expect(earbuds.getByRole("status")).toContainText("1");

  await page.goto("/cart?lang=en");
  await expect(page.getByTestId("cart-subtotal")).toHaveText(/^≈ UZS/);
  await expect(page.getByTestId("fallback-rate")).toHaveText(/^The sum in so'm is at the offline fallback rate of \d{1,2} \w{3} \d{4}: the CBU rate cannot be reached right now\.$/);

  await page.goto("/checkout?lang=ru");
  await expect(page.getByTestId("fallback-rate")).toHaveText(/^Сумма в сумах — по резервному курсу на \d{2}\.\d{2}\.\d{4}: курс ЦБ Узбекистана сейчас недоступен\.$/);

  await test.step("a cart of so'm prices only has no such note", async () => {
    await page.goto("/cart?lang=en");
    await page.getByRole("article", { name: "Wireless earbuds X2" }).getByRole("button", { name: "Remove" }).click();
    await page.goto("/?lang=en");
    await page.getByRole("article", { name: "Rishtan ceramic teapot" }).getByRole("button", { name: "Add to cart" }).click();
    await page.goto("/cart?lang=en");
    await expect(page.getByTestId("cart-subtotal")).toBeVisible();
    await expect(page.getByTestId("fallback-rate")).toHaveCount(0);
  });
});
