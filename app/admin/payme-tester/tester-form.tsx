"use client";

import { useActionState } from "react";
import type { TesterOutcome } from "./run-tester";

type Props = {
  action: (previous: TesterOutcome | null, formData: FormData) => Promise<TesterOutcome>;
  defaultUrl: string;
};

const row = { display: "grid", gap: "0.25rem", marginBottom: "0.75rem" } as const;

/** The tester's form and its pass/fail lines. The key field is never filled back in. */
export function PaymeTesterForm({ action, defaultUrl }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const fieldError = (name: string) =>
    state && !state.ok && state.field === name ? (
      <span role="alert" style={{ color: "#b00020" }}>
        {state.error}
      </span>
    ) : null;

  return (
    <>
      <form action={formAction} style={{ maxWidth: "40rem" }}>
        <label style={row}>
          Merchant API endpoint
          <input name="url" type="url" defaultValue={defaultUrl} required />
          {fieldError("url")}
        </label>
        <label style={row}>
          Key (empty: this store&apos;s key of the current mode, for this store&apos;s endpoint only)
          <input name="key" type="password" autoComplete="off" />
          {fieldError("key")}
        </label>
        <fieldset style={{ border: "none", padding: 0, margin: "0 0 0.75rem", display: "flex", gap: "0.75rem" }}>
          <label style={{ ...row, flex: 1 }}>
            Order number (empty: a new order)
            <input name="order" inputMode="numeric" />
            {fieldError("order")}
          </label>
          <label style={{ ...row, flex: 1 }}>
            Its amount in tiyin
            <input name="amount" inputMode="numeric" />
            {fieldError("amount")}
          </label>
        </fieldset>
        <button type="submit" disabled={pending}>
          {pending ? "Running…" : "Run both scenarios"}
        </button>
      </form>

      {state && !state.ok && !state.field && (
        <p role="alert" style={{ color: "#b00020" }}>
          {state.error}
        </p>
      )}
      {state?.ok && (
        <section aria-live="polite" style={{ marginTop: "1.5rem" }}>
          <h2 data-testid="tester-summary">
            {state.passed} passed, {state.failed} failed — {state.endpoint}
          </h2>
          <ol style={{ listStyle: "none", padding: 0, fontFamily: "ui-monospace, monospace", fontSize: "0.9rem" }}>
            {state.checks.map((check, index) => (
              <li key={index} data-ok={check.ok} style={{ color: check.ok ? "#106b21" : "#b00020", marginBottom: "0.25rem" }}>
                {check.ok ? "PASS" : "FAIL"} {check.name}
                <span style={{ color: "#555" }}> — {check.detail}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
