import { describe, expect, it } from "vitest";
import { errorsFromApi, formatPhoneForDisplay, orderRequestBody, validateCheckout } from "./checkout-fields";

describe("validateCheckout", () => {
  it("requires a phone and checks the optional fields only when given", () => {
    expect(validateCheckout({ phone: "", email: "", name: "" })).toEqual({ phone: "checkout.error.phoneRequired" });
    expect(validateCheckout({ phone: "12", email: "nope", name: "x".repeat(101) })).toEqual({
      phone: "checkout.error.phone",
      email: "checkout.error.email",
      name: "checkout.error.name",
    });
    expect(validateCheckout({ phone: "+998 (90) 123-45-67", email: "", name: "" })).toEqual({});
    expect(validateCheckout({ phone: "90 123 45 67", email: "", name: "" })).toEqual({});
    expect(validateCheckout({ phone: "8 90 123 45 67", email: "", name: "" })).toEqual({ phone: "checkout.error.phone" });
    expect(validateCheckout({ phone: "+7 912 345 67 89", email: "", name: "" })).toEqual({ phone: "checkout.error.phone" });
  });
});

describe("errorsFromApi", () => {
  it("maps the API's fields to the form's", () => {
    expect(
      errorsFromApi([
        { field: "customer.phone", message: "expected a phone number such as +998 90 123 45 67" },
        { field: "items.1.sku", message: "unknown product X" },
      ]),
    ).toEqual({ phone: "checkout.error.phone", items: "checkout.error.items" });
    expect(errorsFromApi([])).toEqual({ form: "checkout.error.generic" });
  });
});

describe("formatPhoneForDisplay", () => {
  it("groups Uzbek numbers and leaves the rest alone", () => {
    expect(formatPhoneForDisplay("901234567")).toBe("+998 90 123 45 67");
    expect(formatPhoneForDisplay("+998901234567")).toBe("+998 90 123 45 67");
    expect(formatPhoneForDisplay("(90) 123-45-67")).toBe("+998 90 123 45 67");
    expect(formatPhoneForDisplay("8 90 123 45 67")).toBe("8 90 123 45 67");
    expect(formatPhoneForDisplay("+7 912 345 67 89")).toBe("+7 912 345 67 89");
    expect(formatPhoneForDisplay("90 12")).toBe("90 12");
  });
});

describe("orderRequestBody", () => {
  it("leaves out empty optional fields", () => {
    expect(orderRequestBody([{ sku: "A", quantity: 2 }], { phone: " 90 123 45 67 ", email: " ", name: "" }, "uz")).toEqual({
      items: [{ sku: "A", quantity: 2 }],
      customer: { phone: "90 123 45 67" },
      lang: "uz",
    });
  });
});
