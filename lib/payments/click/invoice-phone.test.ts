import { describe, expect, it } from "vitest";
import { clickInvoicePhone, maskInvoicePhone } from "./invoice-phone";

describe("clickInvoicePhone", () => {
  it("takes the order's stored +998 number as Click wants it", () => {
    expect(clickInvoicePhone("+998901234567")).toEqual({ ok: true, phoneNumber: "998901234567" });
    expect(clickInvoicePhone("998901234567")).toEqual({ ok: true, phoneNumber: "998901234567" });
  });

  it.each([
    [null, "no_phone"],
    [undefined, "no_phone"],
    ["", "no_phone"],
    ["+79123456789", "not_uzbek"],
    ["+99890123456", "not_uzbek"],
    ["+9989012345678", "not_uzbek"],
    ["+998 90 123 45 67", "not_uzbek"],
  ] as const)("refuses %j (%s)", (phone, reason) => {
    expect(clickInvoicePhone(phone)).toEqual({ ok: false, reason });
  });
});

describe("maskInvoicePhone", () => {
  it("shows only the last four digits", () => {
    expect(maskInvoicePhone("998901234567")).toBe("+998 ** *** 45 67");
  });
});
