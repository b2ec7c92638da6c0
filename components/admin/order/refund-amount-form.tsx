"use client";

import { useActionState, useId, useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/admin/action-result";
import type { Locale } from "@/lib/i18n/locales";
import { formatMoney, parseMoney } from "@/lib/money/money";

type ServerAction = (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;

/** What the form says, in the admin's language (`{max}` / `{amount}` filled in here). */
export type RefundAmountTexts = {
  label: string;
  amount: string;
  hint: string;
  invalid: string;
  tooLarge: string;
  confirm: string;
  pending: string;
};

/** Tiyin as the field shows it and `parseMoney` reads it back: `1 250 000` or `1 250 000.50`. */
function typedSom(tiyin: bigint): string {
  const whole = (tiyin / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  const fraction = tiyin % 100n;
  return fraction === 0n ? whole : `${whole}.${fraction.toString().padStart(2, "0")}`;
}

/** Typed so'm → tiyin, or null when it is no positive amount. */
function readTiyin(text: string): bigint | null {
  try {
    const tiyin = parseMoney(text, "UZS");
    return tiyin > 0n ? tiyin : null;
  } catch {
    return null;
  }
}

/**
 * The refund of one payment with an amount (providers that refund partially): the amount in
 * so'm, prefilled with all that is left (`left`, tiyin as decimal text), checked here (a
 * positive amount, at most `left`) and again by the server, which converts it to tiyin.
 */
export function RefundAmountForm({
  action,
  fields,
  left,
  locale,
  texts,
}: {
  action: ServerAction;
  fields: Record<string, string>;
  left: string;
  locale: Locale;
  texts: RefundAmountTexts;
}) {
  const [result, run, pending] = useActionState(action, null);
  const max = BigInt(left);
  const sum = (tiyin: bigint) => formatMoney(tiyin, "UZS", locale);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  function check(text: string): bigint | null {
    const tiyin = readTiyin(text);
    if (tiyin === null) {
      setError(texts.invalid);
      return null;
    }
    if (tiyin > max) {
      setError(texts.tooLarge.replace("{max}", sum(max)));
      return null;
    }
    setError(null);
    return tiyin;
  }

  return (
    <form
      action={run}
      className="adm-action adm-refund-amount"
      noValidate
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        const field = event.currentTarget.elements.namedItem("amount");
        const tiyin = check(field instanceof HTMLInputElement ? field.value : "");
        if (tiyin === null || !window.confirm(texts.confirm.replace("{amount}", sum(tiyin)))) event.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="adm-field">
        <label htmlFor={`${id}-amount`}>{texts.amount}</label>
        <input
          id={`${id}-amount`}
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          defaultValue={typedSom(max)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        />
        <span id={`${id}-hint`} className="adm-muted">
          {texts.hint.replace("{max}", sum(max))}
        </span>
      </div>
      <button type="submit" className="adm-button adm-danger" disabled={pending} aria-busy={pending || undefined}>
        {pending ? texts.pending : texts.label}
      </button>
      {/* Checked on submit only: a check on leaving the field would re-render the row under the pointer. */}
      {error && (
        <p id={`${id}-error`} className="adm-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <p className={result.ok ? "adm-ok" : "adm-error"} role={result.ok ? "status" : "alert"}>
          {result.ok ? result.message : result.error}
        </p>
      )}
    </form>
  );
}
