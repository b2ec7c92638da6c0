import { describe, expect, it } from "vitest";
import { normalizeUzbekPhone, PHONE_MESSAGE, phoneSchema } from "./phone";
import { displayUzbekPhone, formatStoredPhone, uzbekNationalDigits } from "./phone-shape";

describe("phoneSchema", () => {
  it.each([
    ["+998901234567", "+998901234567"],
    ["+998 90 123 45 67", "+998901234567"],
    ["+998 (90) 123-45-67", "+998901234567"],
    ["998901234567", "+998901234567"],
    ["998 90 123-45-67", "+998901234567"],
    ["  +998 90 123 45 67  ", "+998901234567"],
    ["90 123 45 67", "+998901234567"],
    ["90-123-45-67", "+998901234567"],
    ["(90) 123 45 67", "+998901234567"],
    ["(33) 123.45.67", "+998331234567"],
    ["901234567", "+998901234567"],
    ["+998 71 123 45 67", "+998711234567"],
  ])("normalizes %j to %s", (input, expected) => {
    expect(phoneSchema.parse(input)).toBe(expected);
  });

  it.each([
    ["a leading 8 (old trunk prefix)", "8 90 123 45 67"],
    ["a leading 8 without spaces", "8901234567"],
    ["8 and the country code", "8 998 90 123 45 67"],
    ["a Russian number", "+7 912 345-67-89"],
    ["a US number", "+1 (555) 123-4567"],
    ["an unknown Uzbek operator code", "+998 00 123 45 67"],
    ["another unknown Uzbek code", "+998 12 345 67 89"],
    ["letters", "call me"],
    ["empty", ""],
    ["only spaces", "   "],
    ["an Uzbek number one digit short", "+998 90 123 45 6"],
    ["an Uzbek number one digit long", "+998 90 123 45 678"],
    ["a plus before nine digits", "+901234567"],
    ["a plus in the middle", "998+901234567"],
    ["two pluses", "++998901234567"],
    ["an extension", "+998901234567 ext 5"],
    ["a slash", "+998 90/123 45 67"],
    ["something very long", "9".repeat(500)],
  ])("rejects %s", (_name, input) => {
    const result = phoneSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(PHONE_MESSAGE);
  });

  it.each([[901234567], [null], [undefined], [{}]])("rejects %j: not a string", (input) => {
    const result = phoneSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("expected a phone number");
  });
});

describe("normalizeUzbekPhone / formatStoredPhone", () => {
  it("stores E.164 and shows +998 XX XXX XX XX", () => {
    const stored = normalizeUzbekPhone("90 123 45 67");
    expect(stored).toBe("+998901234567");
    expect(formatStoredPhone(stored!)).toBe("+998 90 123 45 67");
    expect(normalizeUzbekPhone("8 90 123 45 67")).toBeNull();
    expect(formatStoredPhone("+79123456789")).toBe("+79123456789");
  });
});

describe("phone-shape (the checkout page's library-free pre-check)", () => {
  it("takes the four shapes and refuses a leading 8", () => {
    for (const typed of ["+998 90 123 45 67", "998901234567", "901234567", "90 123 45 67", "(90) 123-45-67"]) {
      expect(uzbekNationalDigits(typed)).toBe("901234567");
    }
    expect(uzbekNationalDigits("8 90 123 45 67")).toBeNull();
    expect(uzbekNationalDigits("+7 912 345 67 89")).toBeNull();
    expect(displayUzbekPhone("901234567")).toBe("+998 90 123 45 67");
  });
});
