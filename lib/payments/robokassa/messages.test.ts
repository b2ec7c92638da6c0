import { describe, expect, it } from "vitest";
import { locales } from "../../i18n/locales";
import { returnOutcomeMessages, returnRejectionMessages, robokassaCulture, robokassaDescriptionFor } from "./messages";

describe("Robokassa shopper texts", () => {
  it("gives Robokassa's page ru or en", () => {
    expect(locales.map(robokassaCulture)).toEqual(["ru", "ru", "en"]);
  });

  it("writes the Description in the shopper's language within 100 characters", () => {
    expect(robokassaDescriptionFor("197", "ru")).toBe("Оплата заказа №197");
    expect(robokassaDescriptionFor("197", "uz")).toBe("Buyurtma №197 uchun to'lov");
    expect(robokassaDescriptionFor("197", "en", "Tolov demo")).toBe("Payment for order #197 — Tolov demo");
    expect(Array.from(robokassaDescriptionFor("197", "ru", "Ш".repeat(200))).length).toBe(100);
  });

  it("has every message in every language", () => {
    for (const text of [...Object.values(returnRejectionMessages), ...Object.values(returnOutcomeMessages)]) {
      for (const locale of locales) expect(text[locale].length).toBeGreaterThan(10);
    }
  });
});
