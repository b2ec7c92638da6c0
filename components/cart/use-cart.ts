"use client";

import { useCallback, useSyncExternalStore } from "react";
import {
  addItem,
  CART_STORAGE_KEY,
  parseCart,
  removeItem,
  setItemQuantity,
  type CartItem,
} from "./cart-store";

// One cart per browser: localStorage, shared by every component and tab. When storage is
// unavailable (private mode, disabled), the cart lives in memory for this page's lifetime.
let memoryCopy: string | null = null;
let snapshot: { raw: string | null | undefined; items: CartItem[] } = { raw: undefined, items: [] };
const listeners = new Set<() => void>();

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(CART_STORAGE_KEY);
  } catch {
    return memoryCopy;
  }
}

function writeItems(items: CartItem[]): void {
  memoryCopy = JSON.stringify(items);
  try {
    window.localStorage.setItem(CART_STORAGE_KEY, memoryCopy);
  } catch {
    // Storage full or forbidden: the in-memory copy keeps this page working.
  }
  for (const listener of listeners) listener();
}

function getSnapshot(): CartItem[] {
  const raw = readRaw();
  if (raw !== snapshot.raw) snapshot = { raw, items: parseCart(raw) };
  return snapshot.items;
}

/** The server cannot know the cart: null until the browser has read it. */
function getServerSnapshot(): null {
  return null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === CART_STORAGE_KEY || event.key === null) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

function update(change: (items: CartItem[]) => CartItem[]): CartItem[] {
  const next = change(getSnapshot());
  writeItems(next);
  return next;
}

export type CartApi = {
  /** null while the page hydrates (the server rendered it without the cart). */
  items: CartItem[] | null;
  /** Adds to the quantity already in the cart; returns the resulting quantity. */
  add: (sku: string, quantity: number) => number;
  setQuantity: (sku: string, quantity: number) => void;
  remove: (sku: string) => void;
  /** Keeps only the listed SKUs (products no longer sold drop out). */
  retain: (skus: ReadonlySet<string>) => void;
  clear: () => void;
};

export function useCart(): CartApi {
  const items = useSyncExternalStore<CartItem[] | null>(subscribe, getSnapshot, getServerSnapshot);
  const add = useCallback((sku: string, quantity: number) => {
    const next = update((current) => addItem(current, sku, quantity));
    return next.find((item) => item.sku === sku)?.quantity ?? 0;
  }, []);
  const setQuantity = useCallback((sku: string, quantity: number) => {
    update((current) => setItemQuantity(current, sku, quantity));
  }, []);
  const remove = useCallback((sku: string) => {
    update((current) => removeItem(current, sku));
  }, []);
  const retain = useCallback((skus: ReadonlySet<string>) => {
    const current = getSnapshot();
    if (current.every((item) => skus.has(item.sku))) return;
    writeItems(current.filter((item) => skus.has(item.sku)));
  }, []);
  const clear = useCallback(() => writeItems([]), []);
  return { items, add, setQuantity, remove, retain, clear };
}
