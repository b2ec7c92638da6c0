import type { AdminOrder } from "@/lib/admin/orders/order-detail";
import { AdminTable } from "../admin-table";
import type { OrderPageFormat } from "./format";

/** The order's lines as bought: title, SKU and fiscal code, quantity, unit price, total. */
export function OrderItems({ order, format: { t, sum } }: { order: AdminOrder; format: OrderPageFormat }) {
  return (
    <section aria-labelledby="order-items">
      <h2 id="order-items">{t("order.items")}</h2>
      <AdminTable
        columns={[
          { label: t("order.item") },
          { label: t("order.quantity"), numeric: true },
          { label: t("order.price"), numeric: true },
          { label: t("order.total"), numeric: true },
        ]}
      >
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
      </AdminTable>
    </section>
  );
}
