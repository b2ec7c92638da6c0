"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useMemo, useReducer, useRef, type FormEvent } from "react";
import { useT } from "@/lib/i18n/client";
import { createSubscribeBrowserClient, normalizeCardInput, SubscribeError } from "@/lib/payments/payme/subscribe";
import type { PaymeCardActions } from "./card-actions";
import { validateCardForm, validateCode } from "./card-input";
import { aboutFields, ActionProblem, describeProblem, throwIfFailed, type CardProblem } from "./card-problem";
import { cardMutationKey, type CardOutcome, type CardPanelReport } from "./card-panel-state";
import { initialNewCardState, newCardReducer, type CodeStep } from "./new-card-state";
import { useFocusRequest } from "./use-focus-request";

/** SMS-step errors after which the same code step still makes sense (wrong, expired, burnt code). */
const CODE_ERRORS = new Set<number>([-31103, -31101, -31102]);
/** After these a new code must be asked for at once, whatever the countdown says. */
const CODE_GONE = new Set<number>([-31101, -31102]);

/** Payme refused the card itself (its number, expiry, state or balance): typing another card answers it. */
function aboutTheCard(error: unknown, problem: CardProblem): CardProblem {
  const refused = (error instanceof SubscribeError && error.kind === "rpc") || (error instanceof ActionProblem && error.code === "payment_failed");
  return refused ? aboutFields(problem, ["number", "expiry"]) : problem;
}

/** The id of one of the form's inputs (unique per order on the page). */
export function cardFieldId(orderId: string, name: string): string {
  return `card-${name}-${orderId.slice(0, 8)}`;
}

/**
 * The new-card form's behaviour: its state (a pure reducer, new-card-state.ts), the calls to
 * Payme (card → SMS code → token) and to our server actions (receipt, payment), and where focus
 * goes. The step components only render what this returns.
 */
export function useNewCardForm({
  orderId,
  endpoint,
  merchantId,
  canSave,
  hold,
  report,
  actions,
}: {
  orderId: string;
  endpoint: string;
  merchantId: string;
  canSave: boolean;
  hold: boolean;
  report: CardPanelReport;
  actions: Pick<PaymeCardActions, "startCardPayment" | "payWithCard">;
}) {
  const t = useT();
  const client = useMemo(() => createSubscribeBrowserClient({ endpoint, merchantId }), [endpoint, merchantId]);
  const [state, dispatch] = useReducer(newCardReducer, initialNewCardState);
  const codeRef = useRef<HTMLInputElement>(null);
  const resendRef = useRef<HTMLButtonElement>(null);
  const numberRef = useRef<HTMLInputElement>(null);

  const requestCode = useMutation({
    mutationKey: cardMutationKey(orderId, "card"),
    mutationFn: async (card: { number: string; expire: string; save: boolean }) => {
      const { card: created } = await client.cardsCreate({ card: { number: card.number, expire: card.expire }, save: card.save });
      const sent = await client.cardsGetVerifyCode(created.token);
      return { token: created.token, phone: sent.phone, wait: sent.wait, save: card.save };
    },
    onSuccess: (sent) => {
      dispatch({ type: "codeSent", step: { token: sent.token, phone: sent.phone, deadline: Date.now() + sent.wait, save: sent.save } });
      // The step itself says where the code went; the code field, focused next, refers to it.
      report.clear();
    },
    onError: (error) => report.problem(aboutTheCard(error, describeProblem(error)), { focus: true }),
  });

  const resend = useMutation({
    mutationKey: cardMutationKey(orderId, "resend"),
    mutationFn: (token: string) => client.cardsGetVerifyCode(token),
    onSuccess: (sent) => {
      dispatch({ type: "codeResent", phone: sent.phone, deadline: Date.now() + sent.wait });
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
      dispatch({ type: "paid" });
      report.done(outcome);
    },
    onError: (error) => {
      const problem = describeProblem(error);
      if (error instanceof SubscribeError && error.method === "cards.verify" && CODE_ERRORS.has(error.code)) {
        const gone = CODE_GONE.has(error.code);
        dispatch({ type: "codeRejected", gone });
        if (gone) {
          // One message (Payme's: ask for a new code), and "send a new code" becomes the step's main action.
          report.problem(problem, { focus: false });
          focusResend();
        } else {
          // A wrong code: retyping it answers the message.
          report.problem(aboutFields(problem, ["code"]), { focus: false });
          focusCode();
        }
        return;
      }
      // Any other failure: start again from the card (the order stays payable; the token is spent).
      dispatch({ type: "backToCard" });
      report.problem(aboutTheCard(error, problem), { focus: true });
    },
    onSettled: () => report.settled(),
  });

  const focusCode = useFocusRequest(codeRef, !pay.isPending);
  const focusResend = useFocusRequest(resendRef, !pay.isPending);

  // Focus follows the step: the code field when the SMS is sent.
  const stepShown = state.step !== null;
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (stepShown) codeRef.current?.focus();
  }, [stepShown]);

  function submitCard(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (requestCode.isPending) return;
    const { number, expiry, save, pin, pinRepeat } = state;
    const found = validateCardForm({ number, expiry, save, pin, pinRepeat });
    dispatch({ type: "validated", errors: found });
    const first = (["number", "expiry", "pin", "pinRepeat"] as const).find((field) => found[field]);
    if (first) {
      document.getElementById(cardFieldId(orderId, first))?.focus();
      return;
    }
    report.clear();
    requestCode.mutate({ ...normalizeCardInput(number, expiry), save: canSave && save });
  }

  function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { step, code, pin } = state;
    if (!step || pay.isPending) return;
    const invalid = validateCode(code);
    dispatch({ type: "codeChecked", error: invalid });
    if (invalid) {
      codeRef.current?.focus();
      return;
    }
    report.clear();
    report.notice(t("card.paying"));
    pay.mutate({ ...step, code, pin });
  }

  return {
    state,
    dispatch,
    numberRef,
    codeRef,
    resendRef,
    requesting: requestCode.isPending,
    paying: pay.isPending,
    resending: resend.isPending,
    submitCard,
    submitCode,
    /** The shopper typed into a card field: the reducer formats it; a message about it goes. */
    edit(field: "number" | "expiry" | "pin" | "pinRepeat", value: string) {
      dispatch({ type: "edit", field, value });
      if (field !== "pinRepeat") report.edited(field);
    },
    editCode(value: string) {
      dispatch({ type: "editCode", value });
      report.edited("code");
    },
    resendCode() {
      if (!state.step) return;
      report.clear();
      resend.mutate(state.step.token);
    },
    changeCard() {
      dispatch({ type: "backToCard" });
      report.clear();
      requestAnimationFrame(() => numberRef.current?.focus());
    },
  };
}

export type NewCardForm = ReturnType<typeof useNewCardForm>;
