"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/admin/action-result";
import type { Locale } from "@/lib/i18n/locales";
import { adminTranslator } from "@/lib/i18n/admin";

export function SignInForm({
  action,
  locale,
  hint,
}: {
  action: (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;
  locale: Locale;
  /** Where the password comes from, already translated (the page knows DATA_DIR; this component runs in the browser). */
  hint: string;
}) {
  const t = adminTranslator(locale);
  const [result, run, pending] = useActionState(action, null);
  const error = result && !result.ok ? result.error : null;
  return (
    <form action={run} className="adm-card adm-signin">
      <label htmlFor="admin-password">{t("signIn.password")}</label>
      <input
        id="admin-password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "admin-signin-error" : undefined}
      />
      <button type="submit" className="adm-button" disabled={pending}>
        {pending ? t("signIn.submitting") : t("signIn.submit")}
      </button>
      {error && (
        <p id="admin-signin-error" className="adm-error" role="alert">
          {error}
        </p>
      )}
      <p className="adm-hint" data-testid="signin-hint">{hint}</p>
    </form>
  );
}
