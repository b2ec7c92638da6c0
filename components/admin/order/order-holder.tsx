import type { AdminOrder } from "@/lib/admin/orders/order-detail";
import { tDynamic } from "@/lib/i18n/admin";
import { ActionForm } from "../action-form";
import type { AdminAction, OrderPageFormat } from "./format";

/**
 * Who holds the order and until when; for a card hold, when it lapses (`holdLapsesAt`, from the
 * held receipt when there is one) and the buttons to charge or release it.
 */
export function OrderHolder({
  order,
  holdLapsesAt,
  format: { t, time },
  actions,
}: {
  order: AdminOrder;
  holdLapsesAt: Date | null;
  format: OrderPageFormat;
  actions: { hold: AdminAction };
}) {
  const orderField = { order: String(order.number) };
  const working = t("action.working");
  return (
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
        <ActionForm action={actions.hold} fields={{ ...orderField, how: "confirm" }} label={t("action.holdConfirm")} pendingLabel={working} hidden={!order.holder?.held} />
        <ActionForm action={actions.hold} fields={{ ...orderField, how: "cancel" }} label={t("action.holdCancel")} pendingLabel={working} danger hidden={!order.holder?.held} />
      </div>
    </section>
  );
}
