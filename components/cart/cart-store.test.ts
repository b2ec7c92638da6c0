import { describe, expect, it } from "vitest";
import { addItem, countItems, parseCart, parseQuantity, removeItem, setItemQuantity } from "./cart-store";

describe("parseCart", () => {
  it("reads the stored [{sku, quantity}]", () => {
    expect(parseCart('[{"sku":"A","quantity":2},{"sku":"B","quantity":1}]')).toEqual([
      { sku: "A", quantity: 2 },
      { sku: "B", quantity: 1 },
    ]);
  });

  it("survives what a shopper or an old version may have left", () => {
    expect(parseCart(null)).toEqual([]);
    expect(parseCart("not json")).toEqual([]);
    expect(parseCart('{"sku":"A"}')).toEqual([]);
    expect(
      parseCart('[{"sku":"A","quantity":2},{"sku":"A","quantity":998},{"sku":"","quantity":1},{"sku":"B","quantity":0},{"sku":"C","quantity":1.5},{"sku":"D","quantity":5000},7]'),
    ).toEqual([
      { sku: "A", quantity: 999 },
      { sku: "D", quantity: 999 },
    ]);
  });
});

describe("cart changes", () => {
  it("adds to an existing line up to 999", () => {
    const cart = addItem(addItem([], "A", 2), "A", 3);
    expect(cart).toEqual([{ sku: "A", quantity: 5 }]);
    expect(addItem(cart, "A", 2000)).toEqual([{ sku: "A", quantity: 999 }]);
  });

  it("sets quantities within 1–999 and removes lines", () => {
    const cart = [
      { sku: "A", quantity: 1 },
      { sku: "B", quantity: 4 },
    ];
    expect(setItemQuantity(cart, "B", 0)).toEqual([cart[0], { sku: "B", quantity: 1 }]);
    expect(setItemQuantity(cart, "B", 1200)).toEqual([cart[0], { sku: "B", quantity: 999 }]);
    expect(removeItem(cart, "A")).toEqual([{ sku: "B", quantity: 4 }]);
    expect(countItems(cart)).toBe(5);
  });
});

describe("parseQuantity", () => {
  it("accepts whole numbers from 1 to 999 only", () => {
    expect(parseQuantity("3")).toBe(3);
    expect(parseQuantity(" 999 ")).toBe(999);
    for (const bad of ["", "0", "1000", "2.5", "-1", "1e2", "abc"]) expect(parseQuantity(bad)).toBeUndefined();
  });
});
