import type { AdminOrder } from "@/lib/admin/orders/order-detail";
import { ActionForm } from "../action-form";
import type { AdminAction, OrderPageFormat } from "./format";

/** The order's own actions: mark fulfilled, re-send the invoice, cancel. */
export function OrderActions({
  order,
  format: { t },
  actions,
}: {
  order: AdminOrder;
  format: OrderPageFormat;
  actions: { markFulfilled: AdminAction; resendInvoice: AdminAction; cancelOrder: AdminAction };
}) {
  const orderField = { order: String(order.number) };
  const working = t("action.working");
  return (
    <section aria-labelledby="order-actions">
      <h2 id="order-actions">{t("order.actions")}</h2>
      <div className="adm-actions">
        <ActionForm action={actions.markFulfilled} fields={orderField} label={t("action.fulfil")} pendingLabel={working} hidden={!order.can.fulfil} />
        {order.customer.phone && order.outstanding > 0n && order.cancelledAt === null && (
          <ActionForm action={actions.resendInvoice} fields={orderField} label={t("action.resendInvoice")} pendingLabel={working} />
        )}
        <ActionForm
          action={actions.cancelOrder}
          fields={orderField}
          label={t("action.cancel")}
          pendingLabel={working}
          confirmText={t("action.cancelConfirm", { number: order.number })}
          danger
          hidden={order.cancelledAt !== null}
        />
      </div>
    </section>
  );
}
