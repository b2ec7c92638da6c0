"use client";

import { useId, useState } from "react";
import { useT } from "@/lib/i18n/client";
import { MAX_QUANTITY, MIN_QUANTITY, parseQuantity } from "./cart-store";

/** − [ n ] + for 1–999. What the shopper types counts once it is a valid number. */
export function QuantityStepper({
  quantity,
  onChange,
  disabled = false,
}: {
  quantity: number;
  onChange: (quantity: number) => void;
  disabled?: boolean;
}) {
  const t = useT();
  const id = useId();
  // The text being typed; null shows the cart's quantity.
  const [draft, setDraft] = useState<string | null>(null);
  const invalid = draft !== null && parseQuantity(draft) === undefined;

  function step(delta: number) {
    setDraft(null);
    onChange(Math.min(MAX_QUANTITY, Math.max(MIN_QUANTITY, quantity + delta)));
  }

  return (
    <div className="stepper">
      <label className="visually-hidden" htmlFor={`${id}-input`}>
        {t("cart.quantity")}
      </label>
      <div className="stepper__controls">
        <button
          type="button"
          className="stepper__button"
          aria-label={t("cart.decrease")}
          disabled={disabled || quantity <= MIN_QUANTITY}
          onClick={() => step(-1)}
        >
          <span aria-hidden="true">−</span>
        </button>
        <input
          id={`${id}-input`}
          className="input stepper__input"
          type="number"
          inputMode="numeric"
          min={MIN_QUANTITY}
          max={MAX_QUANTITY}
          step={1}
          value={draft ?? String(quantity)}
          disabled={disabled}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            const parsed = parseQuantity(event.target.value);
            if (parsed !== undefined) onChange(parsed);
          }}
          onBlur={() => setDraft(null)}
        />
        <button
          type="button"
          className="stepper__button"
          aria-label={t("cart.increase")}
          disabled={disabled || quantity >= MAX_QUANTITY}
          onClick={() => step(1)}
        >
          <span aria-hidden="true">+</span>
        </button>
      </div>
      {invalid ? (
        <p id={`${id}-error`} className="field-error">
          {t("quantity.range")}
        </p>
      ) : null}
    </div>
  );
}
