"use client";

import { useIsMutating, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import dynamic from "next/dynamic";
import { useLocale, useT } from "@/lib/i18n/client";
import { formatMoney } from "@/lib/money/money";
import type { OrderSnapshot } from "../order/order-snapshot";
import { Spinner } from "../ui/spinner";
import type { PaymeCardActions } from "./card-actions";
import { throwIfFailed, type CardProblem } from "./card-problem";
import { cardFormQueryKey, cardMutationScope, type CardOutcome, type CardPanelReport } from "./card-panel-state";
import styles from "./payme-card.module.css";
import { PaymeLogo } from "./payme-logo";
import { useFocusRequest } from "./use-focus-request";

// Loaded when the panel's state has arrived and shows them (issue 15 §4): the card form, the
// saved cards, the payment link and the sandbox's QA tools are not in the page's first-load JavaScript.
const NewCardForm = dynamic(() => import("./new-card-form").then((module) => module.NewCardForm), { loading: () => <Spinner /> });
const SavedCardList = dynamic(() => import("./saved-card-list").then((module) => module.SavedCardList));
const PaymentLinkButton = dynamic(() => import("./payment-link-button").then((module) => module.PaymentLinkButton));
const CardQaPanel = dynamic(() => import("./card-qa-panel").then((module) => module.CardQaPanel));

/** Payme's conditions of use ask for a link to its offer beside the form. */
export const PAYME_OFFER_URL = "https://cdn.payme.uz/terms/main.html";

/**
 * Paying an order by card in Payme's embedded form (Subscribe API), on the order page: saved
 * cards of this browser, a new card with its SMS step and a payment link by SMS. The order page's
 * own polling shows the result. The sandbox's QA buttons are apart: PaymeCardSandbox.
 */
export function PaymeCardPanel({ order, actions }: { order: OrderSnapshot; actions: PaymeCardActions }) {
  const t = useT();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const state = useCardForm(order.id, actions);
  const busy = useIsMutating({ mutationKey: cardMutationScope(order.id) }) > 0;
  const [problem, setProblem] = useState<CardProblem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<CardOutcome | null>(null);
  const problemRef = useRef<HTMLDivElement>(null);
  // `?hold=1` (sandbox demo): read after hydration, the server decides whether it counts.
  const [holdRequested, setHoldRequested] = useState(false);
  useEffect(() => setHoldRequested(new URLSearchParams(window.location.search).get("hold") === "1"), []);

  // After the message is rendered (an empty live region is not displayed, so cannot take focus).
  const focusProblem = useFocusRequest(problemRef, problem !== null);

  const refreshOrder = useCallback(() => queryClient.invalidateQueries({ queryKey: ["order", order.id] }), [queryClient, order.id]);
  const report = useMemo<CardPanelReport>(
    () => ({
      problem(next, options) {
        setNotice(null);
        setProblem(next);
        if (options.focus) focusProblem();
      },
      notice(text) {
        setNotice(text);
      },
      clear() {
        setProblem(null);
        setNotice(null);
        setOutcome(null);
      },
      edited(field) {
        setProblem((current) => (current?.fields?.includes(field) ? null : current));
      },
      done(result) {
        setProblem(null);
        setNotice(null);
        setOutcome(result);
        void refreshOrder();
      },
      settled() {
        void refreshOrder();
      },
    }),
    [refreshOrder, focusProblem],
  );

  const loaded = state.data?.available ? state.data : undefined;
  const sandbox = state.data?.sandbox === true;
  const hold = holdRequested && sandbox;
  const amount = formatMoney(BigInt(order.outstandingAmount), order.currency, locale);
  const payLabel = hold ? t("card.hold", { amount }) : t("card.pay", { amount });
  // While a payment runs the order is `processing` (not payable): keep the form, it holds the step.
  const showForm = order.payable || busy;

  const messages = (
    <>
      <div ref={problemRef} tabIndex={-1} aria-live="assertive" aria-atomic="true" className={styles.live}>
        {problem ? (
          <p className="notice notice--warning" data-testid="card-error" data-code={String(problem.code)}>
            {"text" in problem ? problem.text[locale] : t(problem.key)}
          </p>
        ) : null}
      </div>
      <div role="status" aria-atomic="true" className={styles.live}>
        {notice ? (
          <p className="notice" data-testid="card-status">
            {busy ? <Spinner /> : null} {notice}
          </p>
        ) : outcome && (order.payable || order.status === "authorized") ? (
          <p className="notice notice--success" data-testid="card-status">
            {outcome.held ? t("card.held") : t("card.paid")}
          </p>
        ) : null}
        {outcome?.saved ? (
          <p className="notice notice--success" data-testid="card-saved">
            {t("card.savedNow", { card: `•••• ${outcome.saved.number.slice(-4)}` })}
          </p>
        ) : null}
      </div>
    </>
  );

  if (state.isPending) {
    return showForm ? (
      <p className="muted" role="status">
        <Spinner /> {t("card.loading")}
      </p>
    ) : null;
  }
  // Not configured or not reachable: the hosted checkout below still works.
  if (!loaded) return null;
  // After a payment (or while a failed one is being settled) the messages stay, in the same
  // elements: replacing them would drop the focus a failure put on its message.
  const outcomeShown = outcome !== null && (outcome.saved !== null || order.payable || order.status === "authorized");
  const visible = showForm || problem !== null || notice !== null || outcomeShown;

  return (
    <>
      {visible ? (
        <div role="group" className={styles.panel} aria-labelledby={`card-title-${order.id.slice(0, 8)}`} data-testid="payme-card">
          <header className={styles.header}>
            <h3 id={`card-title-${order.id.slice(0, 8)}`} className={styles.title}>
              {t("card.title")}
              <span className={`muted small ${styles.networks}`}>{t("card.cards")}</span>
            </h3>
            <PaymeLogo className={styles.logo} />
          </header>
          {messages}
          {showForm ? (
            <>
              {loaded.savedCards.length > 0 ? (
                <>
                  <SavedCardList orderId={order.id} cards={loaded.savedCards} payLabel={payLabel} hold={hold} report={report} actions={actions} />
                  <h4 className={styles.stepTitle}>{t("card.newCardTitle")}</h4>
                </>
              ) : null}
              <NewCardForm
                orderId={order.id}
                endpoint={loaded.endpoint}
                merchantId={loaded.merchantId}
                canSave={loaded.canSave}
                payLabel={payLabel}
                hold={hold}
                report={report}
                actions={actions}
              />
              <footer className={styles.footer}>
                <p className="small">
                  <LockIcon /> {t("card.note")}
                </p>
                <p className={`small ${styles.footerLinks}`}>
                  <a href={PAYME_OFFER_URL} target="_blank" rel="noopener noreferrer">
                    {t("card.offer")}
                  </a>
                  <span className={styles.powered} data-testid="powered-by-payme">
                    Powered by Payme
                  </span>
                </p>
              </footer>
              {loaded.phone ? (
                <p className={styles.link}>
                  <PaymentLinkButton orderId={order.id} phone={loaded.phone} report={report} actions={actions} />
                </p>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

/** The card form's state for an order (saved cards, Subscribe endpoint, sandbox or not), loaded once and shared. */
function useCardForm(orderId: string, actions: Pick<PaymeCardActions, "loadCardForm">) {
  return useQuery({
    queryKey: cardFormQueryKey(orderId),
    queryFn: async () => {
      const loaded = await actions.loadCardForm({ orderId });
      throwIfFailed(loaded);
      return loaded.state;
    },
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: 1,
  });
}

/**
 * The sandbox's QA buttons for a card payment (hold, release, refund), in their own "Sandbox" box
 * below the page's payment section, apart from the shopper's flow. Nothing outside the sandbox.
 */
export function PaymeCardSandbox({ order, actions }: { order: OrderSnapshot; actions: PaymeCardActions }) {
  const state = useCardForm(order.id, actions);
  return state.data?.sandbox === true ? <CardQaPanel orderId={order.id} status={order.status} actions={actions} /> : null;
}

function LockIcon() {
  return (
    <svg className={styles.lock} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 1 0-4 0v2z" fill="currentColor" />
    </svg>
  );
}
