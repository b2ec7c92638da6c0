"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/admin/action-result";
import { adminTranslator, tDynamic } from "@/lib/i18n/admin";
import type { Locale } from "@/lib/i18n/locales";
import type { SectionView } from "@/lib/merchant-keys/section-view";

/**
 * One provider's key form. Secret inputs start empty and never hold the stored value: the page
 * only knows a mask (`••••1234`). Submitting an empty secret keeps the stored one.
 */
export function SettingsSectionForm({
  view,
  action,
  locale,
}: {
  view: SectionView;
  action: (previous: ActionResult | null, form: FormData) => Promise<ActionResult>;
  locale: Locale;
}) {
  const t = adminTranslator(locale);
  const [result, run, pending] = useActionState(action, null);
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const id = (name: string) => `${view.id}-${name}`;
  return (
    <form action={run} className="adm-settings-form" aria-label={tDynamic(t, `section.${view.id}`)}>
      <input type="hidden" name="section" value={view.id} />
      {view.fields.map((field) => {
        const label = tDynamic(t, `field.${view.id}.${field.name}`, field.name);
        const error = errors[field.name];
        const describedBy = error ? `${id(field.name)}-error` : undefined;
        let control;
        if (field.type === "secret") {
          const secret = view.secrets[field.name]!;
          control = (
            <>
              <input
                id={id(field.name)}
                name={field.name}
                type="password"
                autoComplete="new-password"
                placeholder={t("secret.keep")}
                aria-describedby={`${id(field.name)}-state${describedBy ? ` ${describedBy}` : ""}`}
              />
              <span id={`${id(field.name)}-state`} className="adm-secret-state" data-testid={`secret-${view.id}-${field.name}`}>
                {secret.undecryptable ? t("secret.undecryptable") : secret.set ? t("secret.set", { mask: secret.masked }) : t("secret.notSet")}
              </span>
              {secret.set && (
                <label className="adm-inline">
                  <input type="checkbox" name={`clear.${field.name}`} /> {t("secret.clear")}
                </label>
              )}
            </>
          );
        } else if (field.type === "boolean") {
          return (
            <div key={field.name} className="adm-field adm-field-check">
              <label>
                <input type="checkbox" name={field.name} defaultChecked={view.values[field.name] === "true"} /> {label}
              </label>
              {error && <span className="adm-error">{error}</span>}
            </div>
          );
        } else if (field.type === "select") {
          control = (
            <select id={id(field.name)} name={field.name} defaultValue={view.values[field.name]} aria-describedby={describedBy}>
              {field.options.map((option) => (
                <option key={option} value={option}>
                  {field.name === "mode" ? `${option} — ${tDynamic(t, `mode.${option}`)}` : option}
                </option>
              ))}
            </select>
          );
        } else {
          control = (
            <input
              id={id(field.name)}
              name={field.name}
              type={field.type === "number" ? "number" : "text"}
              min={field.type === "number" ? field.min : undefined}
              max={field.type === "number" ? field.max : undefined}
              defaultValue={view.values[field.name]}
              placeholder={field.type === "text" ? field.placeholder : undefined}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
              autoComplete="off"
              spellCheck={false}
            />
          );
        }
        return (
          <div key={field.name} className="adm-field">
            <label htmlFor={id(field.name)}>{label}</label>
            {control}
            {error && (
              <span id={`${id(field.name)}-error`} className="adm-error">
                {error}
              </span>
            )}
          </div>
        );
      })}
      <div className="adm-form-footer">
        <button type="submit" className="adm-button" disabled={pending}>
          {pending ? t("settings.saving") : t("settings.save")}
        </button>
        {result && (
          <p className={result.ok ? "adm-ok" : "adm-error"} role={result.ok ? "status" : "alert"}>
            {result.ok ? result.message : result.error}
          </p>
        )}
      </div>
    </form>
  );
}
