import type { AdminOrder } from "@/lib/admin/orders/order-detail";
import type { OrderPageFormat } from "./format";

/** The order's outbox events and their delivery state (delivered, pending with the next attempt, failed), and what 1C exchanged for it. */
export function OrderEvents({ order, format: { t, time } }: { order: AdminOrder; format: OrderPageFormat }) {
  const deliveryText = (delivery: AdminOrder["events"][number]["delivery"]) => {
    switch (delivery.state) {
      case "queued":
        return t("event.queued");
      case "delivered":
        return delivery.at ? t("event.delivered", { time: time(delivery.at) }) : t("delivery.skipped");
      case "pending":
        return t("delivery.pending", { time: time(delivery.nextAttemptAt) });
      case "failed":
        return t("delivery.failed");
      case "skipped":
        return t("delivery.skipped");
    }
  };
  return (
    <section aria-labelledby="order-events">
      <h2 id="order-events">{t("order.events")}</h2>
      {order.events.length === 0 ? (
        <p className="adm-muted">{t("order.eventsEmpty")}</p>
      ) : (
        <ul className="adm-list">
          {order.events.map((event) => (
            <li key={event.id}>
              <span className="adm-mono">{event.type}</span> · {time(event.createdAt)} ·{" "}
              {deliveryText(event.delivery)}
            </li>
          ))}
        </ul>
      )}
      {order.events.some((event) => event.delivery.state === "pending" || event.delivery.state === "queued") && <p className="adm-hint">{t("order.eventsPending")}</p>}
      <h3>{t("order.exchange1c")}</h3>
      <p>
        {t("exchange1c.summary", {
          payments: order.exchange1c.paymentsFrom1c,
          delivered: order.exchange1c.eventsDelivered,
          total: order.exchange1c.eventsTotal,
        })}
      </p>
    </section>
  );
}
