"use client";

import { useT } from "@/lib/i18n/client";
import { Spinner } from "../ui/spinner";
import { TextField } from "../ui/text-field";
import styles from "./payme-card.module.css";
import { cardFieldId, type NewCardForm } from "./use-new-card-form";

/**
 * The first step: card number, expiry and — when the order has a phone — "save this card" with a
 * PIN. No input has a `name` and the form has no `action`: nothing here is ever submitted to us.
 */
export function CardStep({ orderId, canSave, form }: { orderId: string; canSave: boolean; form: NewCardForm }) {
  const t = useT();
  const { state, dispatch, requesting: pending } = form;
  const id = (name: string) => cardFieldId(orderId, name);
  const edit = (field: "number" | "expiry" | "pin" | "pinRepeat") => (event: { target: { value: string } }) => form.edit(field, event.target.value);

  return (
    <form className={styles.form} onSubmit={form.submitCard} noValidate aria-busy={pending || undefined} data-testid="card-form">
      <TextField
        id={id("number")}
        label={t("card.number")}
        hint={t("card.numberHint")}
        error={state.errors.number}
        inputRef={form.numberRef}
        className={`input ${styles.cardNumber}`}
        type="text"
        inputMode="numeric"
        autoComplete="cc-number"
        autoCorrect="off"
        spellCheck={false}
        placeholder="0000 0000 0000 0000"
        maxLength={19}
        value={state.number}
        onChange={edit("number")}
        data-testid="card-number"
      />
      <TextField
        id={id("expiry")}
        fieldClassName={`field ${styles.expiry}`}
        label={t("card.expiry")}
        error={state.errors.expiry}
        className="input"
        type="text"
        inputMode="numeric"
        autoComplete="cc-exp"
        placeholder={t("card.expiryPlaceholder")}
        maxLength={5}
        value={state.expiry}
        onChange={edit("expiry")}
        data-testid="card-expiry"
      />
      {canSave ? (
        <div className={styles.save}>
          <label className={styles.checkbox}>
            <input
              type="checkbox"
              checked={state.save}
              onChange={(event) => dispatch({ type: "toggleSave", save: event.target.checked })}
              aria-describedby={`${id("save")}-hint`}
            />
            <span>{t("card.save")}</span>
          </label>
          <p id={`${id("save")}-hint`} className="field-hint">
            {t("card.saveHint")}
          </p>
          {state.save ? (
            <div className={styles.pins}>
              <TextField
                id={id("pin")}
                label={t("card.pin")}
                error={state.errors.pin}
                className={`input ${styles.pin}`}
                type="password"
                inputMode="numeric"
                autoComplete="new-password"
                maxLength={4}
                value={state.pin}
                onChange={edit("pin")}
              />
              <TextField
                id={id("pinRepeat")}
                label={t("card.pinRepeat")}
                error={state.errors.pinRepeat}
                className={`input ${styles.pin}`}
                type="password"
                inputMode="numeric"
                autoComplete="new-password"
                maxLength={4}
                value={state.pinRepeat}
                onChange={edit("pinRepeat")}
              />
            </div>
          ) : null}
        </div>
      ) : null}
      <button type="submit" className={`button ${styles.primary}`} disabled={pending}>
        {pending ? (
          <>
            <Spinner /> {t("card.checking")}
          </>
        ) : (
          t("card.continue")
        )}
      </button>
    </form>
  );
}
