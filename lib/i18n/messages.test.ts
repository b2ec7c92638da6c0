import { describe, expect, it } from "vitest";
import { locales } from "./locales";
import { negotiateLocale } from "./negotiate";
import { createTranslator, dictionaries, interpolate } from "./translate";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("messages", () => {
  const russian = dictionaries.ru;

  it.each(locales)("%s has exactly the Russian keys", (locale) => {
    expect(Object.keys(dictionaries[locale]).sort()).toEqual(Object.keys(russian).sort());
  });

  it.each(locales)("%s keeps every placeholder and adds none", (locale) => {
    for (const [key, text] of Object.entries(dictionaries[locale])) {
      expect([key, placeholders(text)]).toEqual([key, placeholders(russian[key as keyof typeof russian])]);
    }
  });

  it.each(locales)("%s has no empty text", (locale) => {
    for (const [key, text] of Object.entries(dictionaries[locale])) expect([key, text.trim()]).not.toEqual([key, ""]);
  });
});

describe("createTranslator", () => {
  it("fills parameters", () => {
    expect(createTranslator("ru")("order.title", { number: 12 })).toBe("Заказ №12");
    expect(createTranslator("uz")("order.title", { number: "7" })).toBe("Buyurtma №7");
    expect(createTranslator("en")("order.title", { number: 3 })).toBe("Order #3");
  });

  it("translates every status", () => {
    expect(createTranslator("en")("order.status.partially_refunded")).toBe("Partially refunded");
  });
});

describe("interpolate", () => {
  it("leaves unknown placeholders visible and ignores inherited keys", () => {
    expect(interpolate("{a} {b} {toString}", { a: 1 })).toBe("1 {b} {toString}");
  });
});

describe("negotiateLocale", () => {
  it("prefers ?lang=, then the cookie, then Russian", () => {
    expect(negotiateLocale("uz", "en")).toBe("uz");
    expect(negotiateLocale("fr", "en")).toBe("en");
    expect(negotiateLocale(null, "xx")).toBe("ru");
    expect(negotiateLocale(undefined, undefined)).toBe("ru");
  });
});
