import { describe, expect, it } from "vitest";
import type { ExchangeRate } from "../../money/exchange-rates";
import { canReuseAttempt, priceRobokassaAttempt } from "./attempt-pricing";

const cbu: ExchangeRate = { currency: "RUB", rate: "142.35", nominal: "1", date: "2026-11-30", source: "cbu" };
const fallback: ExchangeRate = { ...cbu, rate: "140", source: "fallback" };
const items = [
  { name: "Чай", quantity: 2, amount: 6_000_000n },
  { name: "Кружка", quantity: 1, amount: 4_000_000n },
];
const receiptDefaults = { tax: "none", paymentMethod: "full_prepayment", paymentObject: "commodity" } as const;

describe("priceRobokassaAttempt", () => {
  it("asks for the outstanding tiyin in kopeks, rounded up, with a Receipt adding up to it", () => {
    const result = priceRobokassaAttempt({ outstanding: 10_000_000n, rate: cbu, live: true, items, receiptDefaults });
    expect(result).toMatchObject({ ok: true, attempt: { amount: 10_000_000n, outSum: 70_250n, rate: "142.35", rateDate: "2026-11-30", fallbackRate: false } });
    const json = result.ok ? result.attempt.receiptJson! : "";
    expect(json).toContain('"sum":421.50');
    expect(json).toContain('"sum":281.00');
  });

  it("refuses the fallback rate in live mode and says so in sandbox and test mode", () => {
    expect(priceRobokassaAttempt({ outstanding: 100n, rate: fallback, live: true, items })).toEqual({ ok: false, reason: "fallback_rate_in_live" });
    expect(priceRobokassaAttempt({ outstanding: 14_000n, rate: fallback, live: false, items })).toMatchObject({
      ok: true,
      attempt: { outSum: 100n, fallbackRate: true, receiptJson: undefined },
    });
  });

  it("refuses nothing outstanding and a rate of another currency", () => {
    expect(priceRobokassaAttempt({ outstanding: 0n, rate: cbu, live: false, items })).toEqual({ ok: false, reason: "nothing_outstanding" });
    expect(priceRobokassaAttempt({ outstanding: 1n, rate: { ...cbu, currency: "USD" }, live: false, items })).toEqual({ ok: false, reason: "not_rub_rate" });
    expect(priceRobokassaAttempt({ outstanding: 1n, rate: cbu, live: false, items: [], receiptDefaults })).toEqual({
      ok: false,
      reason: "receipt_unbuildable",
      detail: "no_items",
    });
  });
});

describe("canReuseAttempt", () => {
  it("reuses only for the same outstanding amount at the same rate", () => {
    const stored = { amount: 10_000_000n, rate: "142.35" };
    expect(canReuseAttempt(stored, 10_000_000n, cbu)).toBe(true);
    expect(canReuseAttempt(stored, 9_000_000n, cbu)).toBe(false);
    expect(canReuseAttempt(stored, 10_000_000n, { ...cbu, rate: "142.36" })).toBe(false);
  });
});
