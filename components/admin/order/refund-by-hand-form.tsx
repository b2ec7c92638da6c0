"use client";

import { useActionState, useId, useState } from "react";
import type { AdminAction } from "./format";

/**
 * Records the refund of a payment flagged "refund by hand" (DESIGN.md "Refunds started
 * elsewhere"): the amount typed in so'm (the rest of the payment by default), confirmed, sent
 * with the order, the ledger entry and how many refunds of it the page showed (`seen`: a repeated
 * submit records one refund). The server re-checks everything; its answer shows beside the button.
 */
export function RefundByHandForm({
  action,
  orderNumber,
  ledgerId,
  seen,
  defaultAmount,
  labels,
}: {
  action: AdminAction;
  orderNumber: number;
  ledgerId: number;
  seen: number;
  /** So'm as a plain decimal ("850000", "850000.50"). */
  defaultAmount: string;
  /** `confirm` contains `{amount}`, replaced by the typed amount. */
  labels: { amount: string; submit: string; pending: string; confirm: string; unit: string };
}) {
  const [result, run, pending] = useActionState(action, null);
  const [amount, setAmount] = useState(defaultAmount);
  const inputId = useId();
  const done = result?.ok === true;
  return (
    <form
      action={run}
      className="adm-action adm-refund-by-hand"
      onSubmit={(event) => {
        if (!window.confirm(labels.confirm.replace("{amount}", `${amount.trim()} ${labels.unit}`))) event.preventDefault();
      }}
    >
      <input type="hidden" name="order" value={String(orderNumber)} />
      <input type="hidden" name="ledger" value={String(ledgerId)} />
      <input type="hidden" name="seen" value={String(seen)} />
      {!done && (
        <>
          <label htmlFor={inputId}>{labels.amount}</label>{" "}
          <input
            id={inputId}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            required
            maxLength={40}
            size={14}
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            disabled={pending}
          />{" "}
          <button type="submit" className="adm-button adm-danger" disabled={pending} aria-busy={pending}>
            {pending ? labels.pending : labels.submit}
          </button>
        </>
      )}
      {result && (
        <p className={result.ok ? "adm-ok" : "adm-error"} role={result.ok ? "status" : "alert"}>
          {result.ok ? result.message : result.error}
        </p>
      )}
    </form>
  );
}
