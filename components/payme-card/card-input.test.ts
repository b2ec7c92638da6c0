import { passesLuhn } from "@/lib/payments/card-number";
import { describe, expect, it } from "vitest";
import {
  formatCardNumber,
  formatExpiry,
  formatSeconds,
  validateCardForm,
  validateCardNumber,
  validateCode,
  validateExpiry,
  validatePin,
} from "./card-input";

// Payme's test cards (protocol file): every one passes Luhn, so the form lets each reach Payme.
const testCards = [
  "8600 0691 9540 6311",
  "8600 4954 7331 6478",
  "8600 0609 2109 0842",
  "3333 3364 1580 4657",
  "4444 4459 8745 9073",
  "8600 1434 1777 0323",
  "8600 1343 0184 9596",
];

describe("card number", () => {
  it.each(testCards)("%s passes", (card) => {
    expect(validateCardNumber(card)).toBeUndefined();
    expect(passesLuhn(card.replace(/ /g, ""))).toBe(true);
  });

  it("groups digits by four and stops at sixteen", () => {
    expect(formatCardNumber("8600069195406311")).toBe("8600 0691 9540 6311");
    expect(formatCardNumber("8600-0691 954")).toBe("8600 0691 954");
    expect(formatCardNumber("86000691954063119999")).toBe("8600 0691 9540 6311");
    expect(formatCardNumber("8600")).toBe("8600");
  });

  it("names the problem: too short, or a typo", () => {
    expect(validateCardNumber("8600 0691 9540 631")).toBe("card.error.number");
    expect(validateCardNumber("8600 0691 9540 6312")).toBe("card.error.luhn");
    expect(validateCardNumber("")).toBe("card.error.number");
  });
});

describe("expiry", () => {
  const now = new Date(2026, 10, 23);

  it("formats as MM/YY while typing", () => {
    expect(formatExpiry("0")).toBe("0");
    expect(formatExpiry("03")).toBe("03/");
    expect(formatExpiry("039")).toBe("03/9");
    expect(formatExpiry("03/99")).toBe("03/99");
    expect(formatExpiry("3")).toBe("03/");
    expect(formatExpiry("03", "03/")).toBe("0");
  });

  it("accepts 03/99 and the current month, refuses the past and nonsense", () => {
    expect(validateExpiry("03/99", now)).toBeUndefined();
    expect(validateExpiry("11/26", now)).toBeUndefined();
    expect(validateExpiry("10/26", now)).toBe("card.error.expired");
    expect(validateExpiry("13/30", now)).toBe("card.error.expiry");
    expect(validateExpiry("00/30", now)).toBe("card.error.expiry");
    expect(validateExpiry("3/99", now)).toBe("card.error.expiry");
  });
});

describe("PIN and SMS code", () => {
  it("wants four digits twice, and six for the code", () => {
    expect(validatePin("1234", "1234")).toEqual({});
    expect(validatePin("123", "123")).toEqual({ pin: "card.error.pin" });
    expect(validatePin("1234", "1243")).toEqual({ pinRepeat: "card.error.pinRepeat" });
    expect(validateCode("666666")).toBeUndefined();
    expect(validateCode("66666")).toBe("card.error.code");
  });

  it("checks the PIN only when the card is to be saved", () => {
    const card = { number: testCards[0]!, expiry: "03/99", pin: "", pinRepeat: "" };
    expect(validateCardForm({ ...card, save: false })).toEqual({});
    expect(validateCardForm({ ...card, save: true })).toEqual({ pin: "card.error.pin" });
  });

  it("shows a countdown as m:ss", () => {
    expect(formatSeconds(60)).toBe("1:00");
    expect(formatSeconds(5.2)).toBe("0:06");
    expect(formatSeconds(-1)).toBe("0:00");
  });
});
