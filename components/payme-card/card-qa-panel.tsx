"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import type { OrderStatus } from "@/lib/orders/order-status";
import { Spinner } from "../ui/spinner";
import type { PaymeCardActions } from "./card-actions";
import { describeProblem, throwIfFailed, type CardProblem } from "./card-problem";
import styles from "./payme-card.module.css";

type QaAction = "confirm_hold" | "cancel_hold" | "refund";

/**
 * The sandbox's QA buttons for a card payment: confirm or release a hold, refund a paid receipt.
 * Shown (and allowed by the server) in the sandbox only; in production these belong to the
 * merchant's admin, never to the shopper.
 */
export function CardQaPanel({
  orderId,
  status,
  actions: { sandboxReceiptAction },
}: {
  orderId: string;
  status: OrderStatus;
  actions: Pick<PaymeCardActions, "sandboxReceiptAction">;
}) {
  const t = useT();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<CardProblem | null>(null);
  const [done, setDone] = useState(false);
  const run = useMutation({
    mutationFn: async (action: QaAction) => {
      const result = await sandboxReceiptAction({ orderId, action });
      throwIfFailed(result);
      return result;
    },
    onMutate: () => {
      setProblem(null);
      setDone(false);
    },
    onSuccess: () => setDone(true),
    onError: (error) => setProblem(describeProblem(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["order", orderId] }),
  });

  const actions: { action: QaAction; label: string }[] =
    status === "authorized"
      ? [
          { action: "confirm_hold", label: t("card.qa.confirm") },
          { action: "cancel_hold", label: t("card.qa.cancel") },
        ]
      : status === "paid"
        ? [{ action: "refund", label: t("card.qa.refund") }]
        : [];
  if (actions.length === 0 && !done && !problem) return null;

  return (
    <aside className={styles.qa} aria-labelledby={`card-qa-${orderId.slice(0, 8)}`} data-testid="card-qa">
      <h2 id={`card-qa-${orderId.slice(0, 8)}`} className={styles.stepTitle}>
        <span className={styles.sandboxBadge}>{t("card.qa.badge")}</span> {t("card.qa.title")}
      </h2>
      <p className="muted small">{t("card.qa.note")}</p>
      <div className={styles.secondary}>
        {actions.map(({ action, label }) => (
          <button key={action} type="button" className="button" disabled={run.isPending} onClick={() => run.mutate(action)}>
            {run.isPending && run.variables === action ? (
              <>
                <Spinner /> {t("card.qa.working")}
              </>
            ) : (
              label
            )}
          </button>
        ))}
      </div>
      <div aria-live="polite">
        {problem ? (
          <p className="notice notice--warning" data-testid="card-qa-error">
            {"text" in problem ? problem.text[locale] : t(problem.key)}
          </p>
        ) : done ? (
          <p className="notice notice--success">{t("card.qa.done")}</p>
        ) : null}
      </div>
    </aside>
  );
}
