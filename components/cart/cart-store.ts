import { z } from "zod";

/** localStorage key of the cart: `[{sku, quantity}]`. Bump the version when the shape changes. */
export const CART_STORAGE_KEY = "tolov_cart_v1";
export const MIN_QUANTITY = 1;
/** The same limit `POST /api/orders` enforces per product. */
export const MAX_QUANTITY = 999;

export type CartItem = { sku: string; quantity: number };

const storedItem = z.object({
  sku: z.string().trim().min(1).max(64),
  quantity: z.number().int(),
});

/** A whole number from 1 to 999, or undefined for anything else the shopper typed. */
export function parseQuantity(value: string | number): number | undefined {
  const number = typeof value === "number" ? value : /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= MIN_QUANTITY && number <= MAX_QUANTITY ? number : undefined;
}

function clamp(quantity: number): number {
  return Math.min(MAX_QUANTITY, Math.max(MIN_QUANTITY, Math.trunc(quantity)));
}

/**
 * Reads what localStorage holds, keeping every valid line: the storage is the shopper's to
 * tamper with, so bad entries are dropped, quantities clamped and repeated SKUs merged.
 */
export function parseCart(raw: string | null): CartItem[] {
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  let items: CartItem[] = [];
  for (const entry of data) {
    const parsed = storedItem.safeParse(entry);
    if (parsed.success && parsed.data.quantity >= MIN_QUANTITY) {
      items = addItem(items, parsed.data.sku, parsed.data.quantity);
    }
  }
  return items;
}

export function addItem(items: readonly CartItem[], sku: string, quantity: number): CartItem[] {
  const existing = items.find((item) => item.sku === sku);
  if (!existing) return [...items, { sku, quantity: clamp(quantity) }];
  return items.map((item) => (item.sku === sku ? { sku, quantity: clamp(item.quantity + quantity) } : item));
}

export function setItemQuantity(items: readonly CartItem[], sku: string, quantity: number): CartItem[] {
  return items.map((item) => (item.sku === sku ? { sku, quantity: clamp(quantity) } : item));
}

export function removeItem(items: readonly CartItem[], sku: string): CartItem[] {
  return items.filter((item) => item.sku !== sku);
}

/** Pieces in the cart, as the header shows them. */
export function countItems(items: readonly CartItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity, 0);
}
