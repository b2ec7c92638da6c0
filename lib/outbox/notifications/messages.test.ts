import { describe, expect, it } from "vitest";
import { locales } from "../../i18n/locales";
import { formatMoneyPlain } from "../../money/money";
import { buyerMessageKind, composeBuyerMessage } from "./messages";

describe("buyer notification messages", () => {
  it("notify paid, paid by 1C and refunded only", () => {
    expect(buyerMessageKind("order.paid", "payme")).toBe("paid");
    expect(buyerMessageKind("order.paid", "1c")).toBe("paid_1c");
    expect(buyerMessageKind("order.refunded", "click")).toBe("refunded");
    for (const type of ["payment.received", "refund.recorded", "order.cancelled"]) expect(buyerMessageKind(type, "payme")).toBeNull();
  });

  it("exist in ru, uz and en with the order number and the amount", () => {
    for (const kind of ["paid", "paid_1c", "refunded"] as const) {
      const texts = locales.map((lang) => composeBuyerMessage(kind, lang, { number: 42, amount: 125_000_000n, currency: "UZS" }));
      texts.forEach(({ subject, text }, index) => {
        expect(subject).toContain("42");
        expect(text).toContain("42");
        // The store's own money format per language: "1 250 000 сум", "1 250 000 so'm", "UZS 1,250,000".
        expect(text).toContain(formatMoneyPlain(125_000_000n, "UZS", locales[index]!));
      });
      expect(new Set(texts.map((texts) => texts.text)).size).toBe(3);
    }
  });
});
