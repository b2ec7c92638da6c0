import { describe, expect, it } from "vitest";
import { CLICK_INVOICE_TTL_MS, invoiceState, payByPhoneHttpStatus, readInvoiceHandle, signInvoiceHandle } from "./pay-by-phone";

const secret = "s".repeat(40);

describe("pay by phone: the invoice handle", () => {
  it("reads back what it signed, and nothing changed or signed with another secret", () => {
    const invoice = { invoiceId: 9_223_372_036_854_775_807n, orderNumber: 1234, createdAtMs: 1_764_583_200_000 };
    const handle = signInvoiceHandle(secret, invoice);
    expect(readInvoiceHandle(secret, handle)).toEqual(invoice);
    expect(readInvoiceHandle("t".repeat(40), handle)).toBeNull();
    const [id, order, at, mac] = handle.split(".");
    expect(readInvoiceHandle(secret, [id, "1235", at, mac].join("."))).toBeNull();
    expect(readInvoiceHandle(secret, [id, order, String(Number(at) + 1), mac].join("."))).toBeNull();
    for (const bad of ["", "1.2.3", `${handle}.x`, handle.replace(/^9/, "09"), "a".repeat(300)]) expect(readInvoiceHandle(secret, bad)).toBeNull();
  });
});

describe("pay by phone: what the page shows", () => {
  const createdAtMs = 1_000_000;
  it("maps Click's invoice status: waiting, being paid, paid, rejected; waiting too long is expired", () => {
    expect(invoiceState({ invoiceStatus: 0, createdAtMs, nowMs: createdAtMs + 1_000 })).toBe("pending");
    expect(invoiceState({ invoiceStatus: 1, createdAtMs, nowMs: createdAtMs + CLICK_INVOICE_TTL_MS + 1 })).toBe("pending");
    expect(invoiceState({ invoiceStatus: 2, createdAtMs, nowMs: createdAtMs })).toBe("paid");
    expect(invoiceState({ invoiceStatus: -99, createdAtMs, nowMs: createdAtMs })).toBe("rejected");
    expect(invoiceState({ invoiceStatus: -1, createdAtMs, nowMs: createdAtMs })).toBe("rejected");
    expect(invoiceState({ invoiceStatus: 0, createdAtMs, nowMs: createdAtMs + CLICK_INVOICE_TTL_MS })).toBe("pending");
    expect(invoiceState({ invoiceStatus: 0, createdAtMs, nowMs: createdAtMs + CLICK_INVOICE_TTL_MS + 1 })).toBe("expired");
  });

  it("answers each failure with its HTTP status", () => {
    expect(
      ["invalid", "no_phone", "not_found", "not_payable", "too_soon", "not_configured", "unavailable", "click_refused"].map((reason) => payByPhoneHttpStatus({ reason })),
    ).toEqual([400, 400, 404, 409, 429, 503, 503, 502]);
  });
});
