import { describe, expect, it } from "vitest";
import type { ShopProduct } from "@/lib/catalog/shop-product";
import { cartLines, cartSubtotal, formatSubtotal } from "./cart-totals";

const teapot: ShopProduct = {
  sku: "TEAPOT",
  title: "Teapot",
  description: "",
  price: "18500000",
  currency: "UZS",
  image: "teapot",
  uzsPrice: "18500000",
  rateDate: null,
  rateFallback: false,
};
const earbuds: ShopProduct = {
  sku: "EARBUDS",
  title: "Earbuds",
  description: "",
  price: "4990",
  currency: "USD",
  image: "earbuds",
  uzsPrice: "62500000",
  rateDate: "2026-11-23",
  rateFallback: false,
};

describe("cart subtotal", () => {
  it("adds UZS lines exactly", () => {
    const lines = cartLines([{ sku: "TEAPOT", quantity: 3 }], [teapot]);
    expect(cartSubtotal(lines).tiyin).toBe(55_500_000n);
    expect(formatSubtotal(cartSubtotal(lines), "ru")).toBe("555\u00a0000\u00a0сум");
  });

  it("marks a converted sum as an estimate", () => {
    const lines = cartLines(
      [
        { sku: "TEAPOT", quantity: 1 },
        { sku: "EARBUDS", quantity: 2 },
      ],
      [teapot, earbuds],
    );
    expect(formatSubtotal(cartSubtotal(lines), "en")).toBe("≈ UZS\u00a01,435,000");
  });

  it("says when a part was converted at the offline fallback rate, with the oldest such rate's date", () => {
    const fallback = { ...earbuds, rateFallback: true, rateDate: "2026-11-20" };
    const euro = { ...earbuds, sku: "EURO", currency: "EUR" as const, rateFallback: true, rateDate: "2026-11-18" };
    expect(cartSubtotal(cartLines([{ sku: "EARBUDS", quantity: 1 }], [earbuds])).fallbackRateDate).toBeNull();
    expect(cartSubtotal(cartLines([{ sku: "TEAPOT", quantity: 1 }], [{ ...teapot, rateFallback: true, rateDate: "2026-11-20" }])).fallbackRateDate).toBeNull();
    const lines = cartLines(
      [
        { sku: "EARBUDS", quantity: 1 },
        { sku: "EURO", quantity: 1 },
      ],
      [fallback, euro],
    );
    expect(cartSubtotal(lines).fallbackRateDate).toBe("2026-11-18");
  });

  it("keeps a foreign price apart when no rate was at hand", () => {
    const lines = cartLines(
      [
        { sku: "TEAPOT", quantity: 1 },
        { sku: "EARBUDS", quantity: 1 },
      ],
      [teapot, { ...earbuds, uzsPrice: null, rateDate: null }],
    );
    expect(formatSubtotal(cartSubtotal(lines), "uz")).toBe("185\u00a0000\u00a0so'm + 49,90\u00a0$");
  });

  it("skips products the catalog no longer has", () => {
    expect(cartLines([{ sku: "GONE", quantity: 1 }], [teapot])).toEqual([]);
  });
});
