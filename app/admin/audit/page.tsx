import Link from "next/link";
import { AdminPager, AdminTable } from "@/components/admin/admin-table";
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
        <AdminTable
          testId="audit-log"
          columns={[
            { label: t("audit.at") },
            { label: t("audit.action") },
            { label: t("audit.outcome") },
            { label: t("audit.target") },
            { label: t("audit.ip") },
            { label: t("audit.detail") },
          ]}
        >
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
        </AdminTable>
      )}
      <AdminPager t={t} page={page} pages={pages} href={(n) => `/admin/audit?page=${n}`} />
    </section>
  );
}
