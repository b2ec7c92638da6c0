import { describe, expect, it } from "vitest";
import { parseClickAmount } from "./amount";
import { buildClickPayForm, buildClickPayLink, CLICK_PAY_URL, clickPayFields, type ClickPayLinkInput } from "./pay-link";

const input: ClickPayLinkInput = {
  payUrl: CLICK_PAY_URL,
  serviceId: "12345",
  merchantId: "67890",
  amount: 1_500_000n,
  orderNumber: "1001",
  returnUrl: "https://shop.example.uz/orders/abc?lang=uz",
};

describe("buildClickPayLink", () => {
  it("builds the services/pay link with the amount as N.NN and the order number as transaction_param", () => {
    const link = buildClickPayLink(input);
    expect(link).toBe(
      "https://my.click.uz/services/pay?service_id=12345&merchant_id=67890&amount=15000.00&transaction_param=1001" +
        "&return_url=https%3A%2F%2Fshop.example.uz%2Forders%2Fabc%3Flang%3Duz",
    );
    const query = new URL(link).searchParams;
    expect(query.get("return_url")).toBe("https://shop.example.uz/orders/abc?lang=uz");
    const amount = parseClickAmount(query.get("amount")!);
    expect(amount).toEqual({ ok: true, tiyin: 1_500_000n });
  });

  it.each([
    [1n, "0.01"],
    [1_500_050n, "15000.50"],
    [99n, "0.99"],
  ])("writes %s tiyin as %s", (amount, text) => {
    expect(new URL(buildClickPayLink({ ...input, amount })).searchParams.get("amount")).toBe(text);
  });

  it("adds card_type and merchant_user_id when given, nothing when not", () => {
    const fields = clickPayFields({ ...input, cardType: "humo", merchantUserId: "555" });
    expect(fields).toMatchObject({ card_type: "humo", merchant_user_id: "555" });
    expect(clickPayFields({ ...input, returnUrl: undefined })).toEqual({
      service_id: "12345",
      merchant_id: "67890",
      amount: "15000.00",
      transaction_param: "1001",
    });
  });

  it("works with the sandbox's page under a path", () => {
    expect(buildClickPayLink({ ...input, payUrl: "http://127.0.0.1:3001/click/services/pay", returnUrl: undefined })).toBe(
      "http://127.0.0.1:3001/click/services/pay?service_id=12345&merchant_id=67890&amount=15000.00&transaction_param=1001",
    );
  });

  it("refuses a non-positive amount and empty ids", () => {
    expect(() => buildClickPayLink({ ...input, amount: 0n })).toThrow(RangeError);
    expect(() => buildClickPayLink({ ...input, amount: -100n })).toThrow(RangeError);
    expect(() => buildClickPayLink({ ...input, serviceId: "" })).toThrow(/serviceId/);
    expect(() => buildClickPayLink({ ...input, orderNumber: "" })).toThrow(/orderNumber/);
  });
});

describe("buildClickPayForm", () => {
  it("is a GET form with the same fields as the link", () => {
    const form = buildClickPayForm({ ...input, payUrl: "https://my.click.uz/services/pay?stale=1" });
    expect(form).toEqual({ action: "https://my.click.uz/services/pay", method: "GET", fields: clickPayFields(input) });
  });
});
