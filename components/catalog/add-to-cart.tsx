"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { useT } from "@/lib/i18n/client";
import { MAX_QUANTITY, MIN_QUANTITY, parseQuantity } from "../cart/cart-store";
import { useCart } from "../cart/use-cart";
import { useHydrated } from "../ui/use-hydrated";

export function AddToCart({ sku, title }: { sku: string; title: string }) {
  const t = useT();
  const hydrated = useHydrated();
  const { add } = useCart();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState("1");
  const [showError, setShowError] = useState(false);
  const [status, setStatus] = useState("");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const quantity = parseQuantity(draft);
    if (quantity === undefined) {
      setShowError(true);
      input.current?.focus();
      return;
    }
    setShowError(false);
    setStatus(t("catalog.added", { title, count: add(sku, quantity) }));
  }

  const errorId = `${id}-error`;
  return (
    <form className="add-to-cart" onSubmit={onSubmit} noValidate>
      <div className="add-to-cart__row">
        <label className="add-to-cart__label" htmlFor={`${id}-quantity`}>
          {t("catalog.quantity")}
        </label>
        <input
          ref={input}
          id={`${id}-quantity`}
          className="input input--quantity"
          type="number"
          inputMode="numeric"
          min={MIN_QUANTITY}
          max={MAX_QUANTITY}
          step={1}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
            if (showError && parseQuantity(event.target.value) !== undefined) setShowError(false);
          }}
          aria-invalid={showError || undefined}
          aria-describedby={showError ? errorId : undefined}
        />
        <button type="submit" className="button button--primary" disabled={!hydrated}>
          {t("catalog.addToCart")}
        </button>
      </div>
      {showError ? (
        <p id={errorId} className="field-error">
          {t("quantity.range")}
        </p>
      ) : null}
      <p className="add-to-cart__status" role="status">
        {status}
      </p>
    </form>
  );
}
