import type { AdminOrder } from "@/lib/admin/orders/order-detail";
import { tDynamic } from "@/lib/i18n/admin";
import type { Locale } from "@/lib/i18n/locales";
import type { LocalizedText } from "@/lib/i18n/localized-text";
import { toDecimalString } from "@/lib/money";
import { ActionForm } from "../action-form";
import { RefundByHandForm } from "./refund-by-hand-form";
import type { AdminAction, OrderPageFormat } from "./format";
import { RefundAmountForm } from "./refund-amount-form";

/** Payments and refunds of the order (the ledger), with approve-refund and refund per payment. */
export function OrderLedger({
  order,
  format: { t, sum, time },
  actions,
  locale,
  refundNotes,
}: {
  order: AdminOrder;
  format: OrderPageFormat;
  actions: { approveRefund: AdminAction; refund: AdminAction; refundByHand: AdminAction };
  /** For the amount field of providers that refund partially, and the refund notes. */
  locale: Locale;
  /** How each payment (by ledger id) is refunded, in its provider's words; null: no provider of ours (1C). */
  refundNotes: ReadonlyMap<number, LocalizedText | null>;
}) {
  const orderField = { order: String(order.number) };
  const working = t("action.working");
  // How each payment is refunded, as its provider words it for the way it was paid; each sentence once.
  const notes = [
    ...new Set(
      order.ledger
        .filter((entry) => entry.kind === "payment")
        .map((entry) => {
          const note = refundNotes.get(entry.id);
          return note ? note[locale] : t("order.refundNote.elsewhere", { provider: tDynamic(t, `provider.${entry.provider}`, entry.provider) });
        }),
    ),
  ];
  const netPaid = order.paidAmount - order.refundedAmount;
  /** What may still be refunded of a payment: its rest, within what the order holds. */
  const left = (entry: AdminOrder["ledger"][number]) => {
    const rest = entry.amount - entry.refundedSum;
    return rest < netPaid ? rest : netPaid;
  };
  const reasonText = (why: string) => {
    const [word = "", detail] = why.split(":", 2);
    const text = tDynamic(t, `refundByHand.reason.${word}`, word);
    return detail ? `${text}, ${detail}` : text;
  };
  return (
    <section aria-labelledby="order-ledger">
      <h2 id="order-ledger">{t("order.ledger")}</h2>
      {order.ledger.length === 0 ? (
        <p className="adm-muted">{t("order.ledgerEmpty")}</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table">
            <thead>
              <tr>
                <th scope="col">{t("order.kind")}</th>
                <th scope="col">{t("orders.provider")}</th>
                <th scope="col">{t("order.reference")}</th>
                <th scope="col" className="adm-num">{t("order.amount")}</th>
                <th scope="col">{t("order.at")}</th>
                <th scope="col">{t("order.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {order.ledger.map((entry) => (
                <tr key={entry.id}>
                  <td>{tDynamic(t, `ledger.${entry.kind}`, entry.kind)}</td>
                  <td>{tDynamic(t, `provider.${entry.provider}`, entry.provider)}</td>
                  <td className="adm-mono">{entry.reference}</td>
                  <td className="adm-num">{sum(entry.amount)}</td>
                  <td>{time(entry.at)}</td>
                  <td>
                    {entry.kind === "payment" && (
                      <div className="adm-actions">
                        {entry.refunded && <span className="adm-muted">{t("ledger.refundedMark")}</span>}
                        {!entry.refunded && entry.refundedSum > 0n && <span className="adm-muted">{t("ledger.refundedOf", { amount: sum(entry.refundedSum) })}</span>}
                        {entry.refundByHand && (
                          <span className="adm-warning" data-testid={`refund-by-hand-${entry.id}`}>
                            {t("ledger.refundByHand", { reason: reasonText(entry.refundByHand.reason), time: time(entry.refundByHand.at) })}
                          </span>
                        )}
                        {entry.refundByHand && !entry.refunded && left(entry) > 0n && (
                          <RefundByHandForm
                            action={actions.refundByHand}
                            orderNumber={order.number}
                            ledgerId={entry.id}
                            seen={entry.refundCount}
                            defaultAmount={toDecimalString(left(entry)).replace(/\.00$/, "")}
                            labels={{
                              amount: t("action.refundByHandAmount"),
                              submit: t("action.refundByHandRecord"),
                              pending: working,
                              confirm: t("action.refundByHandConfirm", { amount: "{amount}" }),
                              unit: sum(0n).replace(/^[\d\s\u00a0]+/, ""),
                            }}
                          />
                        )}
                        {entry.refundApprovedAt && !entry.refunded && (
                          <span className="adm-muted">{t("ledger.approved", { time: time(entry.refundApprovedAt) })}</span>
                        )}
                        <ActionForm
                          action={actions.approveRefund}
                          fields={{ ...orderField, ledger: String(entry.id) }}
                          label={t("action.approve")}
                          pendingLabel={working}
                          hidden={entry.refunded || entry.refundApprovedAt !== null || order.fulfilledAt === null}
                        />
                        {entry.refundByHand !== null ? null : entry.partialRefund && !entry.refunded ? (
                          <RefundAmountForm
                            action={actions.refund}
                            fields={{ ...orderField, ledger: String(entry.id) }}
                            left={entry.refundable.toString()}
                            locale={locale}
                            texts={{
                              label: t("action.refund"),
                              amount: t("refund.amount"),
                              // The placeholders stay for the form, which fills in the typed amount.
                              hint: t("refund.amountHint", { max: "{max}" }),
                              invalid: t("refund.amountInvalid"),
                              tooLarge: t("refund.amountTooLarge", { max: "{max}" }),
                              confirm: t("action.refundConfirm", { amount: "{amount}" }),
                              pending: working,
                            }}
                          />
                        ) : (
                          <ActionForm
                            action={actions.refund}
                            fields={{ ...orderField, ledger: String(entry.id) }}
                            label={t("action.refund")}
                            pendingLabel={working}
                            confirmText={t("action.refundConfirm", { amount: sum(entry.refundable) })}
                            danger
                            hidden={entry.refunded}
                          />
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {notes.map((note) => (
        <p key={note} className="adm-hint">
          {note}
        </p>
      ))}
    </section>
  );
}
