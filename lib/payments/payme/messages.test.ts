import { describe, expect, it } from "vitest";
import { catalogProblems } from "../../i18n/catalog-check";
import { paymeDictionaries, paymeText } from "./messages";

describe("Payme messages", () => {
  it("uz and en have the Russian keys, keep every placeholder and have no empty text", () => {
    expect(catalogProblems(paymeDictionaries)).toEqual([]);
  });

  it("gives one message in every language with its parameters filled", () => {
    expect(paymeText("card.wrong_pin", { attemptsLeft: 2 })).toEqual({
      ru: "Неверный PIN-код. Осталось попыток: 2. После третьей ошибки карта будет удалена.",
      uz: "PIN-kod noto'g'ri. Qolgan urinishlar: 2. Uchinchi xatodan so'ng karta o'chiriladi.",
      en: "Wrong PIN. Attempts left: 2. After the third wrong PIN the card is deleted.",
    });
    expect(paymeText("receipt.description", { number: 17 }).ru).toBe("Оплата заказа № 17");
  });
});
