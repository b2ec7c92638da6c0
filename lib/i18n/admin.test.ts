import { describe, expect, it } from "vitest";
import { adminDictionaries, adminTranslator, tDynamic } from "./admin";
import { catalogProblems } from "./catalog-check";
import { dictionaries } from "./translate";

describe("admin messages", () => {
  it("uz and en have the Russian keys, keep every placeholder and have no empty text", () => {
    expect(catalogProblems(adminDictionaries)).toEqual([]);
  });

  it("fills parameters and translates keys built at run time", () => {
    expect(adminTranslator("ru")("order.title", { number: 12 })).toBe("Заказ №12");
    expect(tDynamic(adminTranslator("en"), "status.paid")).toBe("paid");
    expect(tDynamic(adminTranslator("en"), "status.unknown", "raw")).toBe("raw");
  });
});

describe("catalogProblems", () => {
  it("passes the shop's catalog", () => {
    expect(catalogProblems(dictionaries)).toEqual([]);
  });

  it("names a missing key, an extra key, a changed placeholder and an empty text", () => {
    const problems = catalogProblems({
      ru: { a: "Заказ №{number}", b: "Да", c: "Нет" },
      uz: { a: "Buyurtma №{id}", b: "Ha", c: " " },
      en: { a: "Order №{number}", c: "No", d: "Extra" },
    });
    expect(problems).toEqual([
      "uz: a has placeholders {id}, Russian {number}",
      "uz: c is empty",
      "en: missing b",
      "en: extra d",
    ]);
  });
});
