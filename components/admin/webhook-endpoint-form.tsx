"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/admin/action-result";
import { adminTranslator } from "@/lib/i18n/admin";
import type { Locale } from "@/lib/i18n/locales";

/**
 * The admin's "add a webhook endpoint" form: its URL and, optionally, a signing secret (empty:
 * the store generates one and the answer shows it once). The secret input never holds a stored value.
 */
export function WebhookEndpointForm({
  action,
  locale,
}: {
  action: (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;
  locale: Locale;
}) {
  const t = adminTranslator(locale);
  const [result, run, pending] = useActionState(action, null);
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  return (
    <form action={run} className="adm-settings-form" aria-label={t("webhooks.add")}>
      <div className="adm-field">
        <label htmlFor="webhook-url">{t("webhooks.url")}</label>
        <input id="webhook-url" name="url" type="url" required maxLength={2000} placeholder="https://" aria-describedby={errors.url ? "webhook-url-error" : undefined} />
        {errors.url && (
          <span id="webhook-url-error" className="adm-error">
            {errors.url}
          </span>
        )}
      </div>
      <div className="adm-field">
        <label htmlFor="webhook-secret">{t("webhooks.secret")}</label>
        <input
          id="webhook-secret"
          name="secret"
          type="password"
          autoComplete="new-password"
          maxLength={200}
          aria-describedby={`webhook-secret-hint${errors.secret ? " webhook-secret-error" : ""}`}
        />
        <span id="webhook-secret-hint" className="adm-hint">
          {t("webhooks.secretHint")}
        </span>
        {errors.secret && (
          <span id="webhook-secret-error" className="adm-error">
            {errors.secret}
          </span>
        )}
      </div>
      <button type="submit" className="adm-button" disabled={pending}>
        {pending ? t("webhooks.adding") : t("webhooks.add")}
      </button>
      {result && (
        <p className={result.ok ? "adm-ok" : "adm-error"} role={result.ok ? "status" : "alert"} data-testid="webhook-add-result">
          {result.ok ? result.message : result.error}
        </p>
      )}
    </form>
  );
}
