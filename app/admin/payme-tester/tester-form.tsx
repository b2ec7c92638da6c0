"use client";

import { useActionState } from "react";
import { AdminTable } from "@/components/admin/admin-table";
import type { TesterOutcome } from "./run-tester";

/** The page's texts in the admin's language; `summary` keeps `{passed}`, `{failed}` and `{endpoint}` to fill in. */
export type TesterTexts = Record<"url" | "key" | "order" | "amount" | "run" | "running" | "summary" | "result" | "check" | "detail" | "pass" | "fail", string>;

type Props = {
  action: (previous: TesterOutcome | null, formData: FormData) => Promise<TesterOutcome>;
  defaultUrl: string;
  texts: TesterTexts;
};

/** The tester's form and its pass/fail lines (the scenarios' check names are Payme's, as its sandbox names them). The key field is never filled back in. */
export function PaymeTesterForm({ action, defaultUrl, texts }: Props) {
  const [state, formAction, pending] = useActionState(action, null);
  const fieldError = (name: string) =>
    state && !state.ok && state.field === name ? (
      <span role="alert" className="adm-error" id={`tester-${name}-error`}>
        {state.error}
      </span>
    ) : null;
  const described = (name: string) => (state && !state.ok && state.field === name ? `tester-${name}-error` : undefined);

  return (
    <>
      <form action={formAction} className="adm-settings-form">
        {(
          [
            { name: "url", label: texts.url, type: "url", defaultValue: defaultUrl },
            { name: "key", label: texts.key, type: "password" },
            { name: "order", label: texts.order, inputMode: "numeric" },
            { name: "amount", label: texts.amount, inputMode: "numeric" },
          ] as const
        ).map((field) => (
          <div key={field.name} className="adm-field">
            <label htmlFor={`tester-${field.name}`}>{field.label}</label>
            <input
              id={`tester-${field.name}`}
              name={field.name}
              type={"type" in field ? field.type : "text"}
              defaultValue={"defaultValue" in field ? field.defaultValue : undefined}
              inputMode={"inputMode" in field ? field.inputMode : undefined}
              autoComplete={field.name === "key" ? "off" : undefined}
              required={field.name === "url"}
              aria-describedby={described(field.name)}
            />
            {fieldError(field.name)}
          </div>
        ))}
        <div className="adm-form-footer">
          <button type="submit" className="adm-button" disabled={pending}>
            {pending ? texts.running : texts.run}
          </button>
        </div>
      </form>

      {state && !state.ok && !state.field && (
        <p role="alert" className="adm-error">
          {state.error}
        </p>
      )}
      {state?.ok && (
        <section aria-live="polite">
          <h2 data-testid="tester-summary">
            {texts.summary.replace("{passed}", String(state.passed)).replace("{failed}", String(state.failed)).replace("{endpoint}", state.endpoint)}
          </h2>
          <AdminTable columns={[{ label: texts.result }, { label: texts.check }, { label: texts.detail }]} testId="tester-checks">
            {state.checks.map((check, index) => (
              <tr key={index} data-ok={check.ok} className={check.ok ? undefined : "adm-row-diff"}>
                <td className={check.ok ? "adm-ok" : "adm-error"}>{check.ok ? texts.pass : texts.fail}</td>
                <td className="adm-mono">{check.name}</td>
                <td className="adm-muted">{check.detail}</td>
              </tr>
            ))}
          </AdminTable>
        </section>
      )}
    </>
  );
}
