import Link from "next/link";
import { AdminPager, AdminSelect, AdminTable } from "@/components/admin/admin-table";
import { db } from "@/lib/db";
import { adminT, requireAdminPage } from "@/lib/admin/context";
import { formatSum, formatTime } from "@/lib/admin/format";
import { tDynamic } from "@/lib/i18n/admin";
import { listOrders, orderProviders, parseOrderFilters, type OrderFilters } from "@/lib/admin/orders/list-orders";
import { orderStatuses } from "@/lib/orders/order-status";
import { formatStoredPhone } from "@/lib/orders/phone-shape";
import { getLocale } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

function pageHref(filters: OrderFilters, page: number): string {
  const params = new URLSearchParams();
  for (const key of ["status", "provider", "from", "to", "q", "test"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/admin/orders?${query}` : "/admin/orders";
}

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage();
  const t = await adminT();
  const locale = await getLocale();
  const filters = parseOrderFilters(await searchParams);
  const { rows, total, page, pages } = await listOrders(db(), filters);
  return (
    <section>
      <h1>{t("orders.title")}</h1>
      <form method="get" className="adm-filters" role="search">
        <AdminSelect
          label={t("orders.status")}
          name="status"
          defaultValue={filters.status ?? ""}
          anyLabel={t("orders.any")}
          options={orderStatuses.map((status) => ({ value: status, label: tDynamic(t, `status.${status}`) }))}
        />
        <AdminSelect
          label={t("orders.provider")}
          name="provider"
          defaultValue={filters.provider ?? ""}
          anyLabel={t("orders.any")}
          options={orderProviders.map((provider) => ({ value: provider, label: tDynamic(t, `provider.${provider}`) }))}
        />
        <label>
          {t("orders.from")}
          <input type="date" name="from" defaultValue={filters.from ?? ""} />
        </label>
        <label>
          {t("orders.to")}
          <input type="date" name="to" defaultValue={filters.to ?? ""} />
        </label>
        <label className="adm-grow">
          {t("orders.q")}
          <input type="search" name="q" defaultValue={filters.q ?? ""} inputMode="search" />
        </label>
        <label className="adm-check">
          <input type="checkbox" name="test" value="1" defaultChecked={filters.test === "1"} />
          {t("orders.showTest")}
        </label>
        <button type="submit" className="adm-button">
          {t("orders.apply")}
        </button>
        <Link href="/admin/orders">{t("orders.reset")}</Link>
      </form>
      <p className="adm-muted">{t("orders.found", { count: total })}</p>
      {rows.length === 0 ? (
        <p>{t("orders.empty")}</p>
      ) : (
        <AdminTable
          columns={[
            { label: t("orders.number") },
            { label: t("orders.date") },
            { label: t("orders.customer") },
            { label: t("orders.amount"), numeric: true },
            { label: t("orders.paid"), numeric: true },
            { label: t("orders.status") },
            { label: t("orders.providers") },
          ]}
        >
          {rows.map((row) => (
            <tr key={row.number}>
              <td>
                <Link href={`/admin/orders/${row.number}`}>{t("orders.numberLink", { number: row.number })}</Link>
              </td>
              <td>{formatTime(row.createdAt, locale)}</td>
              <td>
                {row.customerPhone ? formatStoredPhone(row.customerPhone) : "—"}
                {row.customerName ? ` · ${row.customerName}` : ""}
              </td>
              <td className="adm-num">{formatSum(row.amount, locale)}</td>
              <td className="adm-num">{formatSum(row.paidAmount - row.refundedAmount, locale)}</td>
              <td>
                <span className={`adm-status adm-status-${row.status}`}>{tDynamic(t, `status.${row.status}`)}</span>
                {row.overpaid > 0n && <span className="adm-flag"> {t("orders.overpaid")}</span>}
                {row.fulfilled && <span className="adm-muted"> · {t("orders.fulfilled")}</span>}
                {row.isTest && <span className="adm-muted"> · {t("orders.test")}</span>}
              </td>
              <td>{row.providers.map((provider) => tDynamic(t, `provider.${provider}`, provider)).join(", ") || "—"}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      <AdminPager t={t} page={page} pages={pages} href={(n) => pageHref(filters, n)} />
    </section>
  );
}
