"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useT } from "@/lib/i18n/client";
import type { PlainMessageKey } from "@/lib/i18n/types";
import { createSubscribeBrowserClient, normalizeCardInput, SubscribeError } from "@/lib/payments/payme/subscribe";
import { Spinner } from "../ui/spinner";
import type { PaymeCardActions } from "./card-actions";
import {
  digitsOnly,
  formatCardNumber,
  formatExpiry,
  formatSeconds,
  validateCardForm,
  validateCode,
  type CardFieldErrors,
} from "./card-input";
import { describeProblem, throwIfFailed } from "./card-problem";
import { cardMutationKey, type CardOutcome, type CardPanelReport } from "./card-panel-state";
import styles from "./payme-card.module.css";
import { useCountdown } from "./use-countdown";
import { useFocusRequest } from "./use-focus-request";

/** SMS-step errors after which the same code step still makes sense (wrong, expired, burnt code). */
const CODE_ERRORS = new Set<number>([-31103, -31101, -31102]);
/** After these a new code must be asked for at once, whatever the countdown says. */
const CODE_GONE = new Set<number>([-31101, -31102]);
/** Moments of the countdown worth telling a screen-reader user (seconds left). */
const ANNOUNCE_AT = new Set([30, 10]);

type CodeStep = { token: string; phone: string; deadline: number; save: boolean };

/**
 * A new card, in two steps. Card number, expiry and SMS code go from this component straight to
 * Payme's Subscribe endpoint (cross-origin, `X-Auth: {cashbox id}`); our server actions get only
 * Payme's token, the order id and — when the card is to be saved — the PIN. None of the inputs
 * has a `name` and no form has an `action`: nothing here can ever be submitted to our origin.
 */
export function NewCardForm({
  orderId,
  endpoint,
  merchantId,
  canSave,
  payLabel,
  hold,
  report,
  actions,
}: {
  orderId: string;
  endpoint: string;
  merchantId: string;
  canSave: boolean;
  /** "Pay 1 250 000 сум" or "Hold …". */
  payLabel: string;
  hold: boolean;
  report: CardPanelReport;
  actions: Pick<PaymeCardActions, "startCardPayment" | "payWithCard">;
}) {
  const t = useT();
  const client = useMemo(() => createSubscribeBrowserClient({ endpoint, merchantId }), [endpoint, merchantId]);
  const [number, setNumber] = useState("");
  const [expiry, setExpiry] = useState("");
  const [save, setSave] = useState(false);
  const [pin, setPin] = useState("");
  const [pinRepeat, setPinRepeat] = useState("");
  const [errors, setErrors] = useState<CardFieldErrors>({});
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<PlainMessageKey | undefined>();
  const [codeGone, setCodeGone] = useState(false);
  const [step, setStep] = useState<CodeStep | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const numberRef = useRef<HTMLInputElement>(null);

  const requestCode = useMutation({
    mutationKey: cardMutationKey(orderId, "card"),
    mutationFn: async (card: { number: string; expire: string; save: boolean }) => {
      const { card: created } = await client.cardsCreate({ card: { number: card.number, expire: card.expire }, save: card.save });
      const sent = await client.cardsGetVerifyCode(created.token);
      return { token: created.token, phone: sent.phone, wait: sent.wait, save: card.save };
    },
    onSuccess: (sent) => {
      setStep({ token: sent.token, phone: sent.phone, deadline: Date.now() + sent.wait, save: sent.save });
      setCode("");
      setCodeError(undefined);
      setCodeGone(false);
      // The step itself says where the code went; the code field, focused next, refers to it.
      report.clear();
    },
    onError: (error) => report.problem(describeProblem(error), { focus: true }),
  });

  const resend = useMutation({
    mutationKey: cardMutationKey(orderId, "resend"),
    mutationFn: (token: string) => client.cardsGetVerifyCode(token),
    onSuccess: (sent) => {
      setStep((current) => current && { ...current, phone: sent.phone, deadline: Date.now() + sent.wait });
      setCodeGone(false);
      setCode("");
      report.notice(t("card.resent", { phone: sent.phone }));
      codeRef.current?.focus();
    },
    onError: (error) => report.problem(describeProblem(error), { focus: false }),
  });

  const pay = useMutation({
    mutationKey: cardMutationKey(orderId, "pay"),
    mutationFn: async (input: CodeStep & { code: string; pin: string }) => {
      // The SMS code goes to Payme only; what comes back is the token to pay with.
      const { card } = await client.cardsVerify(input.token, input.code);
      const receipt = await actions.startCardPayment({ orderId, hold });
      throwIfFailed(receipt);
      const paid = await actions.payWithCard({
        orderId,
        receiptId: receipt.receipt.id,
        token: card.token,
        ...(input.save ? { save: { pin: input.pin } } : {}),
      });
      throwIfFailed(paid);
      return { held: paid.receipt.status === "held", saved: paid.saved } satisfies CardOutcome;
    },
    onSuccess: (outcome) => {
      setStep(null);
      setNumber("");
      setExpiry("");
      setPin("");
      setPinRepeat("");
      setSave(false);
      setCode("");
      report.done(outcome);
    },
    onError: (error) => {
      const problem = describeProblem(error);
      if (error instanceof SubscribeError && error.method === "cards.verify" && CODE_ERRORS.has(error.code)) {
        setCodeGone(CODE_GONE.has(error.code));
        setCode("");
        report.problem(problem, { focus: false });
        focusCode();
        return;
      }
      // Any other failure: start again from the card (the order stays payable; the token is spent).
      setStep(null);
      report.problem(problem, { focus: true });
    },
    onSettled: () => report.settled(),
  });

  const focusCode = useFocusRequest(codeRef, !pay.isPending);

  // Focus follows the step: the code field when the SMS is sent.
  const stepShown = step !== null;
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (stepShown) codeRef.current?.focus();
  }, [stepShown]);

  function onCardSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (requestCode.isPending) return;
    const found = validateCardForm({ number, expiry, save, pin, pinRepeat });
    setErrors(found);
    const first = (["number", "expiry", "pin", "pinRepeat"] as const).find((field) => found[field]);
    if (first) {
      document.getElementById(fieldId(orderId, first))?.focus();
      return;
    }
    report.clear();
    requestCode.mutate({ ...normalizeCardInput(number, expiry), save: canSave && save });
  }

  function onCodeSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!step || pay.isPending) return;
    const invalid = validateCode(code);
    setCodeError(invalid);
    if (invalid) {
      codeRef.current?.focus();
      return;
    }
    report.clear();
    report.notice(t("card.paying"));
    pay.mutate({ ...step, code, pin });
  }

  if (step) {
    return (
      <CodeStepForm
        orderId={orderId}
        step={step}
        code={code}
        setCode={(value) => {
          setCode(value);
          if (codeError) setCodeError(undefined);
        }}
        codeError={codeError}
        codeGone={codeGone}
        codeRef={codeRef}
        payLabel={payLabel}
        paying={pay.isPending}
        resending={resend.isPending}
        onSubmit={onCodeSubmit}
        onResend={() => {
          report.clear();
          resend.mutate(step.token);
        }}
        onChangeCard={() => {
          setStep(null);
          report.clear();
          requestAnimationFrame(() => numberRef.current?.focus());
        }}
      />
    );
  }

  const pending = requestCode.isPending;
  const field = (name: keyof CardFieldErrors) => ({
    id: fieldId(orderId, name),
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": [name === "number" ? `${fieldId(orderId, "number")}-hint` : "", errors[name] ? `${fieldId(orderId, name)}-error` : ""]
      .filter(Boolean)
      .join(" ") || undefined,
  });
  const clearError = (name: keyof CardFieldErrors) => {
    if (errors[name]) setErrors(({ [name]: _fixed, ...rest }) => rest);
  };

  return (
    <form className={styles.form} onSubmit={onCardSubmit} noValidate aria-busy={pending || undefined} data-testid="card-form">
      <div className="field">
        <label htmlFor={fieldId(orderId, "number")}>{t("card.number")}</label>
        <p id={`${fieldId(orderId, "number")}-hint`} className="field-hint">
          {t("card.numberHint")}
        </p>
        <input
          {...field("number")}
          ref={numberRef}
          className={`input ${styles.cardNumber}`}
          type="text"
          inputMode="numeric"
          autoComplete="cc-number"
          autoCorrect="off"
          spellCheck={false}
          placeholder="0000 0000 0000 0000"
          maxLength={19}
          value={number}
          onChange={(event) => {
            setNumber(formatCardNumber(event.target.value));
            clearError("number");
          }}
          data-testid="card-number"
        />
        <FieldError id={`${fieldId(orderId, "number")}-error`} message={errors.number} />
      </div>
      <div className={`field ${styles.expiry}`}>
        <label htmlFor={fieldId(orderId, "expiry")}>{t("card.expiry")}</label>
        <input
          {...field("expiry")}
          className="input"
          type="text"
          inputMode="numeric"
          autoComplete="cc-exp"
          placeholder="MM/YY"
          maxLength={5}
          value={expiry}
          onChange={(event) => {
            setExpiry((previous) => formatExpiry(event.target.value, previous));
            clearError("expiry");
          }}
          data-testid="card-expiry"
        />
        <FieldError id={`${fieldId(orderId, "expiry")}-error`} message={errors.expiry} />
      </div>
      {canSave ? (
        <div className={styles.save}>
          <label className={styles.checkbox}>
            <input
              type="checkbox"
              checked={save}
              onChange={(event) => {
                setSave(event.target.checked);
                if (!event.target.checked) setErrors(({ pin: _pin, pinRepeat: _repeat, ...rest }) => rest);
              }}
              aria-describedby={`${fieldId(orderId, "save")}-hint`}
            />
            <span>{t("card.save")}</span>
          </label>
          <p id={`${fieldId(orderId, "save")}-hint`} className="field-hint">
            {t("card.saveHint")}
          </p>
          {save ? (
            <div className={styles.pins}>
              <div className="field">
                <label htmlFor={fieldId(orderId, "pin")}>{t("card.pin")}</label>
                <input
                  {...field("pin")}
                  className={`input ${styles.pin}`}
                  type="password"
                  inputMode="numeric"
                  autoComplete="new-password"
                  maxLength={4}
                  value={pin}
                  onChange={(event) => {
                    setPin(digitsOnly(event.target.value).slice(0, 4));
                    clearError("pin");
                  }}
                />
                <FieldError id={`${fieldId(orderId, "pin")}-error`} message={errors.pin} />
              </div>
              <div className="field">
                <label htmlFor={fieldId(orderId, "pinRepeat")}>{t("card.pinRepeat")}</label>
                <input
                  {...field("pinRepeat")}
                  className={`input ${styles.pin}`}
                  type="password"
                  inputMode="numeric"
                  autoComplete="new-password"
                  maxLength={4}
                  value={pinRepeat}
                  onChange={(event) => {
                    setPinRepeat(digitsOnly(event.target.value).slice(0, 4));
                    clearError("pinRepeat");
                  }}
                />
                <FieldError id={`${fieldId(orderId, "pinRepeat")}-error`} message={errors.pinRepeat} />
              </div>
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

function CodeStepForm({
  orderId,
  step,
  code,
  setCode,
  codeError,
  codeGone,
  codeRef,
  payLabel,
  paying,
  resending,
  onSubmit,
  onResend,
  onChangeCard,
}: {
  orderId: string;
  step: CodeStep;
  code: string;
  setCode: (value: string) => void;
  codeError: PlainMessageKey | undefined;
  codeGone: boolean;
  codeRef: React.RefObject<HTMLInputElement | null>;
  payLabel: string;
  paying: boolean;
  resending: boolean;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  onResend: () => void;
  onChangeCard: () => void;
}) {
  const t = useT();
  const seconds = useCountdown(step.deadline);
  const expired = seconds === 0 || codeGone;
  const codeId = fieldId(orderId, "code");
  // Spoken now and then, not every second: a ticking live region would drown everything else.
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (expired) setAnnouncement(t("card.codeExpired"));
    else if (ANNOUNCE_AT.has(seconds)) setAnnouncement(t("card.codeAnnounce", { seconds }));
  }, [seconds, expired, t]);

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-busy={paying || undefined} aria-labelledby={`${codeId}-title`} data-testid="code-form">
      <h4 id={`${codeId}-title`} className={styles.stepTitle}>
        {t("card.codeTitle")}
      </h4>
      <p id={`${codeId}-sent`}>{t("card.codeSent", { phone: step.phone })}</p>
      <div className="field">
        <label htmlFor={codeId}>{t("card.code")}</label>
        <input
          id={codeId}
          ref={codeRef}
          className={`input ${styles.code}`}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          value={code}
          onChange={(event) => setCode(digitsOnly(event.target.value).slice(0, 6))}
          aria-invalid={codeError ? true : undefined}
          aria-describedby={[`${codeId}-sent`, `${codeId}-timer`, codeError ? `${codeId}-error` : ""].filter(Boolean).join(" ")}
          disabled={paying}
          data-testid="card-code"
        />
        <FieldError id={`${codeId}-error`} message={codeError} />
        <p id={`${codeId}-timer`} className={`field-hint ${styles.timer}`} data-testid="code-timer">
          {expired ? t("card.codeExpired") : t("card.codeValid", { time: formatSeconds(seconds) })}
        </p>
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
      </div>
      <button type="submit" className={`button ${styles.primary}`} disabled={paying}>
        {paying ? (
          <>
            <Spinner /> {t("card.paying")}
          </>
        ) : (
          payLabel
        )}
      </button>
      <div className={styles.secondary}>
        <button type="button" className="button" onClick={onResend} disabled={!expired || resending || paying}>
          {resending ? (
            <>
              <Spinner /> {t("card.resending")}
            </>
          ) : (
            t("card.resend")
          )}
        </button>
        <button type="button" className="button--link" onClick={onChangeCard} disabled={paying}>
          {t("card.changeCard")}
        </button>
      </div>
    </form>
  );
}

export function FieldError({ id, message }: { id: string; message: PlainMessageKey | undefined }) {
  const t = useT();
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {t(message)}
    </p>
  );
}

function fieldId(orderId: string, name: string): string {
  return `card-${name}-${orderId.slice(0, 8)}`;
}

