import { describe, expect, it } from "vitest";
import { maskContact, maskEmail, maskName, maskPhone } from "./public-contact";

describe("the buyer's contact as the public order API shows it", () => {
  it("masks an Uzbek phone as the card form does", () => {
    expect(maskPhone("+998901234567")).toBe("+998 90 *** ** 67");
    expect(maskPhone("998 90 123 45 67")).toBe("+998 90 *** ** 67");
  });
  it("keeps only the first digits and the last two of another number", () => {
    expect(maskPhone("+79161234567")).toBe("+791****67");
    expect(maskPhone("123")).toBe("****");
  });
  it("keeps the e-mail's first character and domain", () => {
    expect(maskEmail("buyer@example.com")).toBe("b***@example.com");
    expect(maskEmail("nonsense")).toBe("***");
  });
  it("keeps the first name's initial", () => {
    expect(maskName("Aziza Karimova")).toBe("A.");
    expect(maskName("Ёқуб")).toBe("Ё.");
  });
  it("leaves absent fields absent", () => {
    expect(maskContact({ phone: null, email: null, name: null })).toEqual({ phone: null, email: null, name: null });
  });
});
