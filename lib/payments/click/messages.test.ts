import { describe, expect, it } from "vitest";
import { catalogProblems } from "../../i18n/catalog-check";
import { clickDictionaries, clickT, clickText } from "./messages";

describe("Click messages", () => {
  it("uz and en have the Russian keys, keep every placeholder and have no empty text", () => {
    expect(catalogProblems(clickDictionaries)).toEqual([]);
  });

  it("fills parameters in every language", () => {
    expect(clickText("phone.confirm", { phone: "+998 ** *** 45 67" })).toEqual({
      ru: "Подтвердите оплату в приложении Click. Счёт отправлен на номер +998 ** *** 45 67.",
      uz: "To'lovni Click ilovasida tasdiqlang. Hisob +998 ** *** 45 67 raqamiga yuborildi.",
      en: "Confirm the payment in the Click app. The invoice was sent to +998 ** *** 45 67.",
    });
    expect(clickT("uz", "phone.tooSoon", { seconds: 42 })).toBe("Hisob yaqinda yuborilgan. Yangisini 42 soniyadan so'ng yuborish mumkin.");
  });
});
