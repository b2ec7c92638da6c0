"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useT } from "@/lib/i18n/client";
import type { PlainMessageKey } from "@/lib/i18n/types";
import type { SavedCardView } from "@/lib/payments/payme/saved-cards/save-card";
import { Spinner } from "../ui/spinner";
import { TextField } from "../ui/text-field";
import type { PaymeCardActions } from "./card-actions";
import { digitsOnly } from "./card-input";
import { aboutFields, ActionProblem, describeProblem, throwIfFailed } from "./card-problem";
import { cardFormQueryKey, cardMutationKey, type CardOutcome, type CardPanelReport } from "./card-panel-state";
import { useFocusRequest } from "./use-focus-request";
import styles from "./payme-card.module.css";

/** After these the card is gone (deleted here and at Payme): the list is read again. */
const CARD_GONE = new Set(["pin_locked", "card_removed", "card_not_found"]);

/** `860049******6478` → `•••• 6478`, as people read their cards. */
function cardLabel(card: SavedCardView): string {
  return `•••• ${card.number.slice(-4)}`;
}

/**
 * Cards saved on this browser for the order's phone. Paying with one asks for its PIN only: the
 * server checks it (three wrong ones delete the card), checks the token with Payme, and pays.
 */
export function SavedCardList({
  orderId,
  cards,
  payLabel,
  hold,
  report,
  actions,
}: {
  orderId: string;
  cards: SavedCardView[];
  payLabel: string;
  hold: boolean;
  report: CardPanelReport;
  actions: Pick<PaymeCardActions, "payWithSavedCard" | "removeSavedCard">;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string | null>(null);
  const [pin, setPin] = useState("");
  const [pinError, setPinError] = useState<PlainMessageKey | undefined>();
  const pinRef = useRef<HTMLInputElement>(null);
  const refreshCards = () => queryClient.invalidateQueries({ queryKey: cardFormQueryKey(orderId) });

  useEffect(() => {
    if (chosen) pinRef.current?.focus();
  }, [chosen]);

  const pay = useMutation({
    mutationKey: cardMutationKey(orderId, "saved"),
    mutationFn: async (input: { cardId: string; pin: string }) => {
      const paid = await actions.payWithSavedCard({ orderId, cardId: input.cardId, pin: input.pin, hold });
      throwIfFailed(paid);
      return { held: paid.receipt.status === "held", saved: null } satisfies CardOutcome;
    },
    onSuccess: (outcome) => {
      setChosen(null);
      setPin("");
      report.done(outcome);
      void refreshCards();
    },
    onError: (error) => {
      setPin("");
      const wrongPin = error instanceof ActionProblem && error.code === "wrong_pin";
      // A wrong PIN: typing the PIN again answers the message.
      report.problem(wrongPin ? aboutFields(describeProblem(error), ["pin"]) : describeProblem(error), { focus: !wrongPin });
      if (wrongPin) {
        focusPin();
        return;
      }
      if (error instanceof ActionProblem && CARD_GONE.has(error.code)) {
        setChosen(null);
        void refreshCards();
      }
    },
    onSettled: () => report.settled(),
  });

  const focusPin = useFocusRequest(pinRef, !pay.isPending);

  const remove = useMutation({
    mutationKey: cardMutationKey(orderId, "remove"),
    mutationFn: async (card: SavedCardView) => {
      const removed = await actions.removeSavedCard({ orderId, cardId: card.id });
      throwIfFailed(removed);
      return card;
    },
    onSuccess: (card) => {
      if (chosen === card.id) setChosen(null);
      report.notice(t("card.removed", { card: cardLabel(card) }));
      void refreshCards();
    },
    onError: (error) => report.problem(describeProblem(error), { focus: true }),
  });

  function onPinSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!chosen || pay.isPending) return;
    if (!/^\d{4}$/.test(pin)) {
      setPinError("card.error.pin");
      pinRef.current?.focus();
      return;
    }
    setPinError(undefined);
    report.clear();
    report.notice(t("card.paying"));
    pay.mutate({ cardId: chosen, pin });
  }

  const busy = pay.isPending || remove.isPending;

  return (
    <div role="group" className={styles.saved} aria-labelledby={`saved-cards-${orderId.slice(0, 8)}`} data-testid="saved-cards">
      <h4 id={`saved-cards-${orderId.slice(0, 8)}`} className={styles.stepTitle}>
        {t("card.savedTitle")}
      </h4>
      <ul className={styles.savedList}>
        {cards.map((card) => {
          const label = cardLabel(card);
          const pinId = `saved-pin-${card.id}`;
          return (
            <li key={card.id} className={styles.savedCard} data-testid="saved-card" data-card={card.number}>
              <div className={styles.savedHead}>
                <span className={styles.savedNumber}>
                  <span className="visually-hidden">{card.number}</span>
                  <span aria-hidden="true">{label}</span>
                </span>
                <span className="muted small">{t("card.savedExpire", { expire: card.expire })}</span>
              </div>
              {chosen === card.id ? (
                <form className={styles.pinForm} onSubmit={onPinSubmit} noValidate aria-busy={pay.isPending || undefined}>
                  <TextField
                    id={pinId}
                    label={t("card.savedPin", { card: label })}
                    error={pinError}
                    inputRef={pinRef}
                    className={`input ${styles.pin}`}
                    type="password"
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={4}
                    value={pin}
                    onChange={(event) => {
                      setPin(digitsOnly(event.target.value).slice(0, 4));
                      if (pinError) setPinError(undefined);
                      report.edited("pin");
                    }}
                    disabled={pay.isPending}
                  />
                  <div className={styles.secondary}>
                    <button type="submit" className={`button ${styles.primary}`} disabled={busy}>
                      {pay.isPending ? (
                        <>
                          <Spinner /> {t("card.paying")}
                        </>
                      ) : (
                        payLabel
                      )}
                    </button>
                    <button
                      type="button"
                      className="button--link"
                      disabled={pay.isPending}
                      onClick={() => {
                        setChosen(null);
                        setPin("");
                        setPinError(undefined);
                      }}
                    >
                      {t("card.cancel")}
                    </button>
                  </div>
                </form>
              ) : (
                <div className={styles.secondary}>
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    onClick={() => {
                      report.clear();
                      setPin("");
                      setPinError(undefined);
                      setChosen(card.id);
                    }}
                  >
                    {t("card.useSaved")}
                  </button>
                  <button
                    type="button"
                    className="button--link"
                    disabled={busy}
                    aria-label={t("card.removeLabel", { card: label })}
                    onClick={() => {
                      report.clear();
                      remove.mutate(card);
                    }}
                  >
                    {remove.isPending && remove.variables?.id === card.id ? t("card.removing") : t("card.remove")}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
