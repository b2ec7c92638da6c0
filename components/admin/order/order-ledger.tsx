import type { AdminOrder } from "@/lib/admin/orders/order-detail";
import { tDynamic } from "@/lib/i18n/admin";
import { toDecimalString } from "@/lib/money";
import { ActionForm } from "../action-form";
import { RefundByHandForm } from "./refund-by-hand-form";
import type { AdminAction, OrderPageFormat } from "./format";

/** Payments and refunds of the order (the ledger), with approve-refund and refund per payment. */
export function OrderLedger({
  order,
  format: { t, sum, time },
  actions,
}: {
  order: AdminOrder;
  format: OrderPageFormat;
  actions: { approveRefund: AdminAction; refund: AdminAction; refundByHand: AdminAction };
}) {
  const orderField = { order: String(order.number) };
  const working = t("action.working");
  const hasPayme = order.ledger.some((entry) => entry.provider === "payme");
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
                        <ActionForm
                          action={actions.refund}
                          fields={{ ...orderField, ledger: String(entry.id) }}
                          label={t("action.refund")}
                          pendingLabel={working}
                          confirmText={t("action.refundConfirm", { amount: sum(entry.amount) })}
                          danger
                          hidden={entry.refunded || entry.refundByHand !== null}
                        />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasPayme && <p className="adm-hint">{t("order.hostedNote")}</p>}
    </section>
  );
}
