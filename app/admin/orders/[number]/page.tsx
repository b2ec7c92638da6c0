import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { db, sql } from "@/lib/db";
import { listAudit } from "@/lib/admin/audit";
import { adminT, requireAdminPage } from "@/lib/admin/context";
import { formatSum, formatTime } from "@/lib/admin/format";
import { tDynamic } from "@/lib/i18n/admin";
import { getAdminOrder } from "@/lib/admin/orders/order-detail";
import { paymeReceiptsOf } from "@/lib/admin/orders/order-receipts";
import { getLocale } from "@/lib/i18n/server";
import {
  approveRefundAction,
  cancelOrderAction,
  holdAction,
  markFulfilledAction,
  refundAction,
  resendInvoiceAction,
} from "../../actions/order-actions";

export const dynamic = "force-dynamic";

export default async function AdminOrderPage({ params }: { params: Promise<{ number: string }> }) {
  await requireAdminPage();
  const { number } = await params;
  if (!/^[1-9]\d{0,9}$/.test(number)) notFound();
  const order = await getAdminOrder(db(), Number(number));
  if (!order) notFound();
  const t = await adminT();
  const locale = await getLocale();
  const sum = (value: bigint) => formatSum(value, locale);
  const time = (value: Date | null) => formatTime(value, locale);
  const audit = await listAudit(sql(), { target: `order:${order.number}`, pageSize: 20 });
  const receipts = await paymeReceiptsOf(sql(), order.number);
  const transactions = [...order.transactions, ...receipts];
  const heldReceipt = order.holder?.held ? receipts.find((receipt) => receipt.reference === order.holder!.reference) : undefined;
  const holdLapsesAt = heldReceipt?.holdLapsesAt ?? order.holder?.until ?? null;
  const orderField = { order: String(order.number) };
  const working = t("action.working");
  const hasPayme = order.ledger.some((entry) => entry.provider === "payme");
  /** Merchant API states are `tx.*` messages, receipt states `receipt.*`. */
  const stateLabel = (state: string) => tDynamic(t, state.startsWith("receipt.") ? state : `tx.${state}`, state);

  return (
    <article className="adm-order">
      <p>
        <Link href="/admin/orders">{t("order.back")}</Link>
      </p>
      <h1>
        {t("order.title", { number: order.number })}{" "}
        <span className={`adm-status adm-status-${order.status}`}>{tDynamic(t, `status.${order.status}`)}</span>
      </h1>

      <dl className="adm-facts">
        <div><dt>{t("order.amount")}</dt><dd>{sum(order.amount)}</dd></div>
        <div><dt>{t("order.paid")}</dt><dd>{sum(order.paidAmount)}</dd></div>
        <div><dt>{t("order.refunded")}</dt><dd>{sum(order.refundedAmount)}</dd></div>
        <div><dt>{t("order.outstanding")}</dt><dd>{sum(order.outstanding)}</dd></div>
        <div><dt>{t("order.created")}</dt><dd>{time(order.createdAt)}</dd></div>
        <div>
          <dt>{t("order.customer")}</dt>
          <dd>{[order.customer.phone, order.customer.name, order.customer.email].filter(Boolean).join(" · ") || "—"}</dd>
        </div>
      </dl>
      {order.fulfilledAt && <p className="adm-muted">{t("order.fulfilledAt", { time: time(order.fulfilledAt) })}</p>}
      {order.cancelledAt && <p className="adm-muted">{t("order.cancelledAt", { time: time(order.cancelledAt), by: order.cancelledBy ?? "—" })}</p>}
      {order.overpaid > 0n && (
        <p className="adm-warning" role="note">
          {t("order.overpaid", { amount: sum(order.overpaid) })}
        </p>
      )}

      <section aria-labelledby="order-actions">
        <h2 id="order-actions">{t("order.actions")}</h2>
        <div className="adm-actions">
          <ActionForm action={markFulfilledAction} fields={orderField} label={t("action.fulfil")} pendingLabel={working} hidden={!order.can.fulfil} />
          {order.customer.phone && order.outstanding > 0n && order.cancelledAt === null && (
            <ActionForm action={resendInvoiceAction} fields={orderField} label={t("action.resendInvoice")} pendingLabel={working} />
          )}
          <ActionForm
            action={cancelOrderAction}
            fields={orderField}
            label={t("action.cancel")}
            pendingLabel={working}
            confirmText={t("action.cancelConfirm", { number: order.number })}
            danger
            hidden={order.cancelledAt !== null}
          />
        </div>
      </section>

      <section aria-labelledby="order-holder">
        <h2 id="order-holder">{t("order.holder")}</h2>
        {order.holder ? (
          <>
            <p>
              {(order.holder.held ? holdLapsesAt : order.holder.until)
                ? t("holder.until", {
                    who: tDynamic(t, `holder.${order.holder.kind}`, order.holder.kind, { reference: order.holder.reference }),
                    until: time(order.holder.held ? holdLapsesAt : order.holder.until),
                  })
                : t("holder.noEnd", { who: tDynamic(t, `holder.${order.holder.kind}`, order.holder.kind, { reference: order.holder.reference }) })}
            </p>
            {order.holder.held && <p>{t("holder.hold", { until: time(holdLapsesAt) })}</p>}
          </>
        ) : (
          <p className="adm-muted">{t("holder.none")}</p>
        )}
        {/* Always in the tree, so an action's answer stays on screen after the hold is gone. */}
        <div className="adm-actions">
          <ActionForm action={holdAction} fields={{ ...orderField, how: "confirm" }} label={t("action.holdConfirm")} pendingLabel={working} hidden={!order.holder?.held} />
          <ActionForm action={holdAction} fields={{ ...orderField, how: "cancel" }} label={t("action.holdCancel")} pendingLabel={working} danger hidden={!order.holder?.held} />
        </div>
      </section>

      <section aria-labelledby="order-items">
        <h2 id="order-items">{t("order.items")}</h2>
        <div className="adm-table-wrap">
          <table className="adm-table">
            <thead>
              <tr>
                <th scope="col">{t("order.item")}</th>
                <th scope="col" className="adm-num">{t("order.quantity")}</th>
                <th scope="col" className="adm-num">{t("order.price")}</th>
                <th scope="col" className="adm-num">{t("order.total")}</th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((item) => (
                <tr key={item.sku}>
                  <td>
                    {item.title} <span className="adm-muted">{item.sku} · {item.code}</span>
                  </td>
                  <td className="adm-num">{item.quantity}</td>
                  <td className="adm-num">{sum(item.unitPrice)}</td>
                  <td className="adm-num">{sum(item.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

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
                          {entry.refundApprovedAt && !entry.refunded && (
                            <span className="adm-muted">{t("ledger.approved", { time: time(entry.refundApprovedAt) })}</span>
                          )}
                          <ActionForm
                            action={approveRefundAction}
                            fields={{ ...orderField, ledger: String(entry.id) }}
                            label={t("action.approve")}
                            pendingLabel={working}
                            hidden={entry.refunded || entry.refundApprovedAt !== null || order.fulfilledAt === null}
                          />
                          <ActionForm
                            action={refundAction}
                            fields={{ ...orderField, ledger: String(entry.id) }}
                            label={t("action.refund")}
                            pendingLabel={working}
                            confirmText={t("action.refundConfirm", { amount: sum(entry.amount) })}
                            danger
                            hidden={entry.refunded}
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

      <section aria-labelledby="order-transactions">
        <h2 id="order-transactions">{t("order.transactions")}</h2>
        {transactions.length === 0 ? (
          <p className="adm-muted">{t("order.transactionsEmpty")}</p>
        ) : (
          <ul className="adm-list">
            {transactions.map((transaction) => (
              <li key={`${transaction.provider}:${transaction.reference}`}>
                <p>
                  <strong>{tDynamic(t, `provider.${transaction.provider}`, transaction.provider)}</strong>{" "}
                  <span className="adm-mono">{transaction.reference}</span> · #{transaction.ourId} · {sum(transaction.amount)} ·{" "}
                  {stateLabel(transaction.state)}
                </p>
                <ol className="adm-history">
                  {transaction.history.map((event, index) => (
                    <li key={index}>
                      {time(event.at)} — {stateLabel(event.state)}
                      {event.note ? ` (${event.note})` : ""}
                    </li>
                  ))}
                </ol>
                {"invoicePhone" in transaction && typeof transaction.invoicePhone === "string" && (
                  <p className="adm-muted">{t("receipt.invoice", { phone: transaction.invoicePhone })}</p>
                )}
                {transaction.fiscal.map((fiscal) =>
                  fiscal.url ? (
                    <p key={fiscal.kind}>
                      <a href={fiscal.url} target="_blank" rel="noopener noreferrer">
                        {fiscal.kind === "perform" ? t("tx.fiscalPerform") : t("tx.fiscalCancel")}
                      </a>
                    </p>
                  ) : (
                    <p key={fiscal.kind} className="adm-muted">
                      {t("tx.fiscalNoLink", { id: fiscal.receiptId ?? "—" })}
                    </p>
                  ),
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="order-events">
        <h2 id="order-events">{t("order.events")}</h2>
        {order.events.length === 0 ? (
          <p className="adm-muted">{t("order.eventsEmpty")}</p>
        ) : (
          <ul className="adm-list">
            {order.events.map((event) => (
              <li key={event.id}>
                <span className="adm-mono">{event.type}</span> · {time(event.createdAt)} ·{" "}
                {event.deliveredAt ? t("event.delivered", { time: time(event.deliveredAt) }) : t("event.pending")}
              </li>
            ))}
          </ul>
        )}
        <h3>{t("order.exchange1c")}</h3>
        <p>
          {t("exchange1c.summary", {
            payments: order.exchange1c.paymentsFrom1c,
            delivered: order.exchange1c.eventsDelivered,
            total: order.exchange1c.eventsTotal,
          })}
        </p>
      </section>

      <section aria-labelledby="order-audit">
        <h2 id="order-audit">{t("order.audit")}</h2>
        {audit.entries.length === 0 ? (
          <p className="adm-muted">{t("audit.empty")}</p>
        ) : (
          <ul className="adm-list">
            {audit.entries.map((entry) => (
              <li key={entry.id}>
                {time(entry.at)} — {tDynamic(t, `audit.action.${entry.action}`, entry.action)} ·{" "}
                {tDynamic(t, `audit.outcome.${entry.outcome}`, entry.outcome)}
                {entry.ip ? ` · ${entry.ip}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
