"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useLocale, useT } from "@/lib/i18n/client";
import { formatMoney } from "@/lib/money/money";
import { paidPercent } from "@/lib/orders/paid-share";
import type { Provider } from "@/lib/payments/providers";
import { providerLabels } from "../checkout/provider-labels";
import { notPayableMessage } from "../payments/not-payable-reasons";
import { providerUi, shownProviders, type ProviderActions } from "../payments/provider-ui";
import { PageTitle } from "../ui/page-title";
import {
  fetchOrderSnapshot,
  isFinalStatus,
  ORDER_POLL_INTERVAL_MS,
  type OrderSnapshot,
} from "./order-snapshot";
import { LastFailureNotice } from "./last-failure-notice";
import { StatusBadge } from "./status-badge";

/**
 * Whether a payment made on a provider's page is still being confirmed (`confirmation.until` in
 * the future); turns false by itself when the time runs out, so the ways to pay come back.
 */
function useConfirming(confirmation: OrderSnapshot["confirmation"]): boolean {
  const until = confirmation ? Date.parse(confirmation.until) : 0;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(Math.max(until - Date.now(), 0) + 100, 2_147_483_647));
    return () => clearTimeout(timer);
  }, [until]);
  return until > now;
}

export function OrderDetails({
  initial,
  method,
  titles,
  actions,
  loadedAt,
}: {
  initial: OrderSnapshot;
  /** The server's time when it rendered the page (ms): failures of attempts started before it are told. */
  loadedAt: number;
  method: Provider | null;
  /** The server actions of the providers' UI, passed by the page (see components/payments/provider-ui.tsx). */
  actions: ProviderActions;
  /** Product names in the shopper's current language; the order keeps those of the language it was placed in. */
  titles: Readonly<Record<string, string>>;
}) {
  const t = useT();
  const locale = useLocale();
  const { data: order, isRefetchError } = useQuery({
    queryKey: ["order", initial.id],
    queryFn: () => fetchOrderSnapshot(initial.id),
    initialData: initial,
    // Live status until it can no longer change by itself.
    refetchInterval: (query) => (isFinalStatus(query.state.data?.status) ? false : ORDER_POLL_INTERVAL_MS),
  });
  const money = (minor: string) => formatMoney(BigInt(minor), order.currency, locale);
  const paid = BigInt(order.paidAmount) > 0n;
  const reason = notPayableMessage(order.notPayableReason);
  // Paid on a provider's page, its notice awaited: no other way to pay is offered meanwhile.
  const confirming = useConfirming(order.confirmation) && order.payable;
  const shown = confirming ? [] : shownProviders(method);
  const buttons = shown.flatMap((provider) => {
    const Buttons = providerUi[provider]?.Buttons;
    return Buttons ? [<Buttons key={provider} order={order} />] : [];
  });
  // The way to pay comes first: an embedded form (a Panel), else the chosen provider's own
  // buttons; every other way goes under "Other ways to pay", below it.
  const embedded = shown.some((provider) => providerUi[provider]?.embedded === true);
  const firstButtons = embedded ? [] : buttons.slice(0, 1);
  const otherButtons = embedded ? buttons : buttons.slice(1);
  const itemCount = order.items.reduce((count, item) => count + item.quantity, 0);

  return (
    <>
      <PageTitle>{t("order.title", { number: order.number })}</PageTitle>
      <div className="order-status" aria-live="polite">
        <span>{t("order.status")}:</span> <StatusBadge status={order.status} />
      </div>
      {isFinalStatus(order.status) ? null : <p className="muted small">{t("order.live")}</p>}
      {isRefetchError ? (
        <p className="notice notice--warning" role="status">
          {t("order.refreshError")}
        </p>
      ) : null}

      <div className="order-layout">
        <section className="card order-summary" aria-labelledby="order-items-title">
          <h2 id="order-items-title" className="visually-hidden">
            {t("order.items")}
          </h2>
          <p className="amount-due">
            <span>{order.payable ? t("order.amountDue") : t("order.total")}</span>
            <span className="price price--large nowrap" data-testid="amount-due">
              {money(order.payable ? order.outstandingAmount : order.amount)}
            </span>
          </p>
          <details className="order-items" data-testid="order-items">
            <summary>{t("order.itemsSummary", { count: String(itemCount), total: money(order.amount) })}</summary>
            <table className="order-table">
              <thead>
                <tr>
                  <th scope="col">{t("order.col.product")}</th>
                  <th scope="col" className="numeric">
                    {t("order.col.quantity")}
                  </th>
                  <th scope="col" className="numeric">
                    {t("order.col.amount")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {order.items.map((item) => (
                  <tr key={item.sku}>
                    <td>
                      {titles[item.sku] ?? item.title}
                      <span className="muted small block">{t("cart.each", { price: money(item.unitPrice) })}</span>
                    </td>
                    <td className="numeric">{item.quantity}</td>
                    <td className="numeric nowrap">{money(item.total)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t("order.total")}
                  </th>
                  <td className="numeric nowrap price">{money(order.amount)}</td>
                </tr>
                {paid ? (
                  <tr>
                    <th scope="row" colSpan={2}>
                      {t("order.paid")}
                    </th>
                    <td className="numeric nowrap">{money(order.paidAmount)}</td>
                  </tr>
                ) : null}
                {paid && BigInt(order.outstandingAmount) > 0n ? (
                  <tr>
                    <th scope="row" colSpan={2}>
                      {t("order.outstanding")}
                    </th>
                    <td className="numeric nowrap">{money(order.outstandingAmount)}</td>
                  </tr>
                ) : null}
              </tfoot>
            </table>
          </details>
          {paid ? (
            <p className="paid-share">
              {t("order.paidOf", {
                paid: money(order.paidAmount),
                amount: money(order.amount),
                percent: String(paidPercent(BigInt(order.paidAmount), BigInt(order.amount))),
              })}
            </p>
          ) : null}
          {order.fiscalReceipts.length > 0 ? (
            <ul className="fiscal-receipts">
              {order.fiscalReceipts.map((url) => (
                <li key={url}>
                  <a href={url} target="_blank" rel="noopener noreferrer">
                    {t("order.fiscalReceipt")}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <section id="pay" className="card pay-section" aria-labelledby="pay-title">
          <h2 id="pay-title" className="section-title">
            {t("order.pay")}
          </h2>
          <LastFailureNotice failure={order.lastFailure} loadedAt={loadedAt} />
          {shown.map((provider) => {
            const Panel = providerUi[provider]?.Panel;
            return Panel ? <Panel key={provider} order={order} actions={actions} /> : null;
          })}
          {confirming ? (
            <p className="notice" role="status" data-testid="payment-confirming">
              {t("order.confirming", { provider: providerLabels[order.confirmation!.provider as Provider] ?? order.confirmation!.provider })}
            </p>
          ) : order.payable ? (
            <>
              {embedded ? null : <p>{method ? t("order.method", { method: providerLabels[method] }) : t("order.noMethod")}</p>}
              {buttons.length === 0 ? <p className="pay-placeholder">{t("order.payPlaceholder")}</p> : firstButtons}
              {otherButtons.length > 0 ? (
                <section className="other-ways" aria-labelledby="other-ways-title" data-testid="other-ways">
                  <h3 id="other-ways-title" className="other-ways__title">
                    {t("order.otherWays")}
                  </h3>
                  {otherButtons}
                </section>
              ) : null}
            </>
          ) : reason ? (
            <p className={order.status === "paid" ? "notice notice--success" : "notice"}>{t(reason)}</p>
          ) : null}
        </section>
      </div>
      {shown.map((provider) => {
        const Sandbox = providerUi[provider]?.Sandbox;
        return Sandbox ? <Sandbox key={provider} order={order} actions={actions} /> : null;
      })}
    </>
  );
}
