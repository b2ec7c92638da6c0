import type { AdminOrder } from "@/lib/admin/orders/order-detail";
import type { OrderPageFormat } from "./format";

/** The order's lines as bought: title, SKU and fiscal code, quantity, unit price, total. */
export function OrderItems({ order, format: { t, sum } }: { order: AdminOrder; format: OrderPageFormat }) {
  return (
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
  );
}
