import type { AdminOrder } from "@/lib/admin/orders/order-detail";
import { paidPercent } from "@/lib/orders/paid-share";
import { formatStoredPhone } from "@/lib/orders/phone-shape";
import type { OrderPageFormat } from "./format";

/** The order's sums, dates and customer, and notes on fulfilment, cancellation and overpayment. */
export function OrderFacts({ order, format: { t, sum, time } }: { order: AdminOrder; format: OrderPageFormat }) {
  return (
    <>
      <dl className="adm-facts">
        <div><dt>{t("order.amount")}</dt><dd>{sum(order.amount)}</dd></div>
        <div><dt>{t("order.paid")}</dt><dd>{sum(order.paidAmount)}</dd></div>
        <div><dt>{t("order.refunded")}</dt><dd>{sum(order.refundedAmount)}</dd></div>
        {/* A cancelled order owes nothing: an outstanding sum there would contradict its badge. */}
        <div><dt>{t("order.outstanding")}</dt><dd>{order.cancelledAt ? "—" : sum(order.outstanding)}</dd></div>
        <div><dt>{t("order.created")}</dt><dd>{time(order.createdAt)}</dd></div>
        <div>
          <dt>{t("order.customer")}</dt>
          <dd>{[order.customer.phone && formatStoredPhone(order.customer.phone), order.customer.name, order.customer.email].filter(Boolean).join(" · ") || "—"}</dd>
        </div>
      </dl>
      {order.paidAmount > 0n && order.refundedAmount === 0n && (
        <p className="adm-muted">{t("order.paidOf", { paid: sum(order.paidAmount), amount: sum(order.amount), percent: String(paidPercent(order.paidAmount, order.amount)) })}</p>
      )}
      {/* With refunds, "paid N of N (100 %)" would contradict a "refunded" badge: say what the shop keeps. */}
      {order.refundedAmount > 0n && (
        <p className="adm-muted">
          {t("order.paidRefunded", {
            paid: sum(order.paidAmount),
            refunded: sum(order.refundedAmount),
            net: sum(order.paidAmount > order.refundedAmount ? order.paidAmount - order.refundedAmount : 0n),
            amount: sum(order.amount),
          })}
        </p>
      )}
      {order.isTest && <p className="adm-warning">{t("order.test")}</p>}
      {order.fulfilledAt && <p className="adm-muted">{t("order.fulfilledAt", { time: time(order.fulfilledAt) })}</p>}
      {order.cancelledAt && <p className="adm-muted">{t("order.cancelledAt", { time: time(order.cancelledAt), by: order.cancelledBy ?? "—" })}</p>}
      {order.overpaid > 0n && (
        <p className="adm-warning" role="note">
          {t("order.overpaid", { amount: sum(order.overpaid) })}
        </p>
      )}
    </>
  );
}
