import Link from "next/link";
import { sql } from "@/lib/db";
import { listAudit } from "@/lib/admin/audit";
import { adminT, requireAdminPage } from "@/lib/admin/context";
import { formatTime } from "@/lib/admin/format";
import { tDynamic } from "@/lib/i18n/admin";
import { getLocale } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

function detailText(detail: Record<string, unknown> | null): string {
  if (!detail) return "";
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}`)
    .join("; ");
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage();
  const t = await adminT();
  const locale = await getLocale();
  const raw = await searchParams;
  const page = Math.max(1, Math.min(100_000, Number(raw.page) || 1));
  const { entries, total, pageSize } = await listAudit(sql(), { page });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <section>
      <h1>{t("audit.title")}</h1>
      {entries.length === 0 ? (
        <p>{t("audit.empty")}</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.outcome")}</th>
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.ip")}</th>
                <th scope="col">{t("audit.detail")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatTime(entry.at, locale)}</td>
                  <td>{tDynamic(t, `audit.action.${entry.action}`, entry.action)}</td>
                  <td className={`adm-outcome-${entry.outcome}`}>{tDynamic(t, `audit.outcome.${entry.outcome}`, entry.outcome)}</td>
                  <td>
                    {entry.target?.startsWith("order:") ? <Link href={`/admin/orders/${entry.target.slice(6)}`}>{entry.target}</Link> : (entry.target ?? "—")}
                  </td>
                  <td className="adm-mono">{entry.ip ?? "—"}</td>
                  <td className="adm-detail">{detailText(entry.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="adm-pager" aria-label={t("orders.page", { page, pages })}>
        {page > 1 ? <Link href={`/admin/audit?page=${page - 1}`}>{t("orders.prev")}</Link> : <span />}
        <span>{t("orders.page", { page, pages })}</span>
        {page < pages ? <Link href={`/admin/audit?page=${page + 1}`}>{t("orders.next")}</Link> : <span />}
      </nav>
    </section>
  );
}
