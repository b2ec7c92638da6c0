"use client";

import { useEffect, useState } from "react";
import { useT } from "@/lib/i18n/client";
import { Spinner } from "../ui/spinner";
import { TextField } from "../ui/text-field";
import { formatSeconds } from "./card-input";
import type { CodeStep as CodeStepState } from "./new-card-state";
import styles from "./payme-card.module.css";
import { useCountdown } from "./use-countdown";
import { cardFieldId, type NewCardForm } from "./use-new-card-form";

/** Moments of the countdown worth telling a screen-reader user (seconds left). */
const ANNOUNCE_AT = new Set([30, 10]);

/** The second step: the SMS code Payme sent, its countdown, "send again" and "another card". */
export function CodeStep({ orderId, step, payLabel, form }: { orderId: string; step: CodeStepState; payLabel: string; form: NewCardForm }) {
  const t = useT();
  const { state, paying, resending } = form;
  const seconds = useCountdown(step.deadline);
  const expired = seconds === 0 || state.codeGone;
  const codeId = cardFieldId(orderId, "code");
  // Spoken now and then, not every second: a ticking live region would drown everything else.
  const [announcement, setAnnouncement] = useState("");
  // A burnt code (too many wrong tries) is told once, by the form's message: no second one here.
  const gone = state.codeGone;
  useEffect(() => {
    if (gone) setAnnouncement("");
    else if (expired) setAnnouncement(t("card.codeExpired"));
    else if (ANNOUNCE_AT.has(seconds)) setAnnouncement(t("card.codeAnnounce", { seconds }));
  }, [seconds, expired, gone, t]);
  // Not while a payment runs (its button shows that it does).
  const askNew = expired && !paying;
  const resendButton = (
    <button
      type="button"
      ref={form.resendRef}
      className={askNew ? `button ${styles.primary}` : "button"}
      onClick={form.resendCode}
      disabled={!expired || resending || paying}
    >
      {resending ? (
        <>
          <Spinner /> {t("card.resending")}
        </>
      ) : (
        t("card.resend")
      )}
    </button>
  );

  return (
    <form className={styles.form} onSubmit={form.submitCode} noValidate aria-busy={paying || undefined} aria-labelledby={`${codeId}-title`} data-testid="code-form">
      <h4 id={`${codeId}-title`} className={styles.stepTitle}>
        {t("card.codeTitle")}
      </h4>
      <p id={`${codeId}-sent`}>{t("card.codeSent", { phone: step.phone })}</p>
      <TextField
        id={codeId}
        label={t("card.code")}
        error={state.codeError}
        describedBy={[`${codeId}-sent`, `${codeId}-timer`]}
        inputRef={form.codeRef}
        className={`input ${styles.code}`}
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={6}
        value={state.code}
        onChange={(event) => form.editCode(event.target.value)}
        disabled={paying}
        data-testid="card-code"
      >
        <p id={`${codeId}-timer`} className={`field-hint ${styles.timer}`} data-testid="code-timer">
          {gone ? null : expired ? t("card.codeExpired") : t("card.codeValid", { time: formatSeconds(seconds) })}
        </p>
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
      </TextField>
      {/* Once the code is expired or burnt, asking for a new one is the main action; paying waits for it. */}
      {askNew ? (
        resendButton
      ) : (
        <button type="submit" className={`button ${styles.primary}`} disabled={paying}>
          {paying ? (
            <>
              <Spinner /> {t("card.paying")}
            </>
          ) : (
            payLabel
          )}
        </button>
      )}
      <div className={styles.secondary}>
        {askNew ? null : resendButton}
        <button type="button" className="button--link" onClick={form.changeCard} disabled={paying}>
          {t("card.changeCard")}
        </button>
      </div>
    </form>
  );
}
