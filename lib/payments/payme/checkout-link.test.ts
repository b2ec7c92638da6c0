import { describe, expect, it } from "vitest";
import { buildPaymeCheckoutForm, buildPaymeCheckoutLink, paymeLinkParams } from "./checkout-link";
import { paymeCheckoutUrl, paymeSubscribeUrl, sandboxOrigin } from "./payme-urls";

const docsExample = {
  checkoutUrl: "https://checkout.paycom.uz",
  merchantId: "587f72c72cac0d162c722ae2",
  account: { order_id: "197" },
  amount: 500n,
};

describe("Payme GET link", () => {
  it("reproduces the docs' example exactly", () => {
    expect(paymeLinkParams(docsExample)).toBe("m=587f72c72cac0d162c722ae2;ac.order_id=197;a=500");
    expect(buildPaymeCheckoutLink(docsExample)).toBe(
      "https://checkout.paycom.uz/bT01ODdmNzJjNzJjYWMwZDE2MmM3MjJhZTI7YWMub3JkZXJfaWQ9MTk3O2E9NTAw",
    );
  });

  it("adds language, callback and timeout in the docs' order, without doubling a trailing slash", () => {
    const link = buildPaymeCheckoutLink({
      ...docsExample,
      checkoutUrl: "http://localhost:3001/payme/",
      account: { invoice: "12" },
      amount: 125_000_000n,
      lang: "uz",
      callback: "http://localhost:3000/orders/abc?payme=:transaction",
      callbackTimeoutMs: 15000,
    });
    expect(link.startsWith("http://localhost:3001/payme/")).toBe(true);
    const decoded = Buffer.from(link.slice("http://localhost:3001/payme/".length), "base64").toString("utf8");
    expect(decoded).toBe(
      "m=587f72c72cac0d162c722ae2;ac.invoice=12;a=125000000;l=uz;c=http://localhost:3000/orders/abc?payme=:transaction;ct=15000",
    );
  });

  it("refuses values that would break the ;-separated format, and non-positive amounts", () => {
    expect(() => buildPaymeCheckoutLink({ ...docsExample, callback: "http://x/a;b" })).toThrow(RangeError);
    expect(() => buildPaymeCheckoutLink({ ...docsExample, amount: 0n })).toThrow(RangeError);
  });
});

describe("Payme POST form", () => {
  it("carries the hidden fields of the docs, detail as base64 JSON", () => {
    const detail = {
      receipt_type: 0 as const,
      items: [{ title: "Помидоры", price: 505000, count: 2, code: "00702001001000001", package_code: "123456", vat_percent: 15 }],
    };
    const form = buildPaymeCheckoutForm({
      ...docsExample,
      lang: "ru",
      callback: "https://shop.uz/orders/x?payme=:transaction",
      callbackTimeoutMs: 15000,
      description: "Оплата заказа №197",
      detail,
    });
    expect(form).toEqual({
      action: "https://checkout.paycom.uz/",
      method: "POST",
      fields: {
        merchant: "587f72c72cac0d162c722ae2",
        amount: "500",
        "account[order_id]": "197",
        lang: "ru",
        callback: "https://shop.uz/orders/x?payme=:transaction",
        callback_timeout: "15000",
        description: "Оплата заказа №197",
        detail: Buffer.from(JSON.stringify(detail)).toString("base64"),
      },
    });
    expect(JSON.parse(Buffer.from(form.fields.detail!, "base64").toString("utf8"))).toEqual(detail);
  });
});

describe("Payme base URLs per mode", () => {
  const env = { PUBLIC_URL: "http://shop.local:3000", SANDBOX_PORT: 3001, PAYME_CHECKOUT_URL: undefined, PAYME_SUBSCRIBE_URL: undefined };

  it("points the sandbox at the emulator on the store's host, test and live at Payme", () => {
    expect(sandboxOrigin(env)).toBe("http://shop.local:3001");
    expect(paymeCheckoutUrl("sandbox", env)).toBe("http://shop.local:3001/payme");
    expect(paymeCheckoutUrl("test", env)).toBe("https://test.paycom.uz");
    expect(paymeCheckoutUrl("live", env)).toBe("https://checkout.paycom.uz");
    expect(paymeSubscribeUrl("sandbox", env)).toBe("http://shop.local:3001/payme/api");
    expect(paymeSubscribeUrl("test", env)).toBe("https://checkout.test.paycom.uz/api");
    expect(paymeSubscribeUrl("live", env)).toBe("https://checkout.paycom.uz/api");
  });

  it("lets the environment override every mode", () => {
    const custom = { ...env, PAYME_CHECKOUT_URL: "https://qa.example/payme", PAYME_SUBSCRIBE_URL: "https://qa.example/api" };
    for (const mode of ["sandbox", "test", "live"] as const) {
      expect(paymeCheckoutUrl(mode, custom)).toBe("https://qa.example/payme");
      expect(paymeSubscribeUrl(mode, custom)).toBe("https://qa.example/api");
    }
  });
});
