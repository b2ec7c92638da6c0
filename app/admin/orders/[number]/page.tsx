import Link from "next/link";
import { notFound } from "next/navigation";
import type { OrderPageFormat } from "@/components/admin/order/format";
import { OrderActions } from "@/components/admin/order/order-actions";
import { OrderAttempts } from "@/components/admin/order/order-attempts";
import { OrderAudit } from "@/components/admin/order/order-audit";
import { OrderEvents } from "@/components/admin/order/order-events";
import { OrderFacts } from "@/components/admin/order/order-facts";
import { OrderHolder } from "@/components/admin/order/order-holder";
import { OrderItems } from "@/components/admin/order/order-items";
import { OrderLedger } from "@/components/admin/order/order-ledger";
import { db, sql } from "@/lib/db";
import { listAudit } from "@/lib/admin/audit";
import { adminT, requireAdminPage } from "@/lib/admin/context";
import { formatSum, formatTime } from "@/lib/admin/format";
import { tDynamic } from "@/lib/i18n/admin";
import { getAdminOrder } from "@/lib/admin/orders/order-detail";
import { orderAttempts } from "@/lib/admin/orders/order-attempts";
import { refundNotes } from "@/lib/admin/provider-actions";
import { getLocale } from "@/lib/i18n/server";
import {
  approveRefundAction,
  cancelOrderAction,
  holdAction,
  markFulfilledAction,
  refundAction,
  refundByHandAction,
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
  const format: OrderPageFormat = { t, sum: (value) => formatSum(value, locale), time: (value) => formatTime(value, locale) };
  const audit = await listAudit(sql(), { target: `order:${order.number}`, pageSize: 20 });
  const attempts = await orderAttempts(sql(), order.number);
  const notes = await refundNotes(sql(), order.ledger.filter((entry) => entry.kind === "payment"));
  // A hold's attempt knows when the card network releases it (else the store's 30-day lapse).
  const holder = order.holder;
  const heldAttempt = holder?.held ? attempts.find((attempt) => attempt.provider === holder.provider && attempt.reference === holder.reference) : undefined;

  return (
    <article className="adm-order">
      <p>
        <Link href="/admin/orders">{t("order.back")}</Link>
      </p>
      <h1>
        {t("order.title", { number: order.number })}{" "}
        <span className={`adm-status adm-status-${order.status}`}>{tDynamic(t, `status.${order.status}`)}</span>
      </h1>
      <OrderFacts order={order} format={format} />
      <OrderActions
        order={order}
        format={format}
        actions={{ markFulfilled: markFulfilledAction, resendInvoice: resendInvoiceAction, cancelOrder: cancelOrderAction }}
      />
      <OrderHolder
        order={order}
        holdLapsesAt={heldAttempt?.holdLapsesAt ?? holder?.until ?? null}
        format={format}
        actions={{ hold: holdAction }}
      />
      <OrderItems order={order} format={format} />
      <OrderLedger order={order} format={format} locale={locale} refundNotes={notes} actions={{ approveRefund: approveRefundAction, refund: refundAction, refundByHand: refundByHandAction }} />
      <OrderAttempts attempts={attempts} format={format} />
      <OrderEvents order={order} format={format} />
      <OrderAudit entries={audit.entries} format={format} />
    </article>
  );
}
