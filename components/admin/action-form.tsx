"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/admin/action-result";

type ServerAction = (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;

/**
 * One admin action as a small form: hidden fields name the order (and ledger entry); the
 * server re-reads everything else. Shows the action's answer beside the button.
 */
export function ActionForm({
  action,
  fields,
  label,
  pendingLabel,
  confirmText,
  danger = false,
  hidden = false,
}: {
  action: ServerAction;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  confirmText?: string;
  danger?: boolean;
  /** The action no longer applies (it just succeeded, say): keep its answer on screen, drop the button. */
  hidden?: boolean;
}) {
  const [result, run, pending] = useActionState(action, null);
  if (hidden && !result) return null;
  return (
    <form
      action={run}
      className="adm-action"
      onSubmit={(event) => {
        if (confirmText && !window.confirm(confirmText)) event.preventDefault();
      }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {!hidden && (
        <button type="submit" className={danger ? "adm-button adm-danger" : "adm-button"} disabled={pending}>
          {pending ? pendingLabel : label}
        </button>
      )}
      {result && (
        <p className={result.ok ? "adm-ok" : "adm-error"} role={result.ok ? "status" : "alert"}>
          {result.ok ? result.message : result.error}
        </p>
      )}
    </form>
  );
}
