import { describe, expect, it } from "vitest";
import { phoneSchema } from "./phone";

const MESSAGE = "expected a phone number such as +998 90 123 45 67";

describe("phoneSchema", () => {
  it.each([
    ["+998901234567", "+998901234567"],
    ["+998 90 123 45 67", "+998901234567"],
    ["+998 (90) 123-45-67", "+998901234567"],
    ["998901234567", "+998901234567"],
    ["  +998 90 123 45 67  ", "+998901234567"],
    ["90 123 45 67", "+998901234567"],
    ["(33) 123.45.67", "+998331234567"],
    ["901234567", "+998901234567"],
    ["+7 912 345-67-89", "+79123456789"],
    ["+1 (555) 123-4567", "+15551234567"],
    ["+44 20 7946 0958", "+442079460958"],
    ["+123456789012345", "+123456789012345"],
  ])("normalizes %j to %s", (input, expected) => {
    expect(phoneSchema.parse(input)).toBe(expected);
  });

  it.each([
    ["letters", "call me"],
    ["empty", ""],
    ["only spaces", "   "],
    ["an Uzbek number one digit short", "+998 90 123 45 6"],
    ["an Uzbek number one digit long", "+998 90 123 45 678"],
    ["8 digits", "12345678"],
    ["16 digits", "+1234567890123456"],
    ["a plus in the middle", "998+901234567"],
    ["two pluses", "++998901234567"],
    ["an extension", "+998901234567 ext 5"],
    ["a slash", "+998 90/123 45 67"],
  ])("rejects %s", (_name, input) => {
    const result = phoneSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(MESSAGE);
  });

  it.each([[901234567], [null], [undefined], [{}]])("rejects %j: not a string", (input) => {
    const result = phoneSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("expected a phone number");
  });
});
