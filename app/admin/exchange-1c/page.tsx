import Link from "next/link";
import { AdminTable } from "@/components/admin/admin-table";
import { sql } from "@/lib/db";
import { adminT, requireAdminPage } from "@/lib/admin/context";
import { formatTime } from "@/lib/admin/format";
import { exchangeHistory } from "@/lib/exchange-1c/exchange-store";
import { getLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money/money";

export const dynamic = "force-dynamic";

/** The 1C exchange's history: sessions (orders sent, confirmed), imports with their reports, refunds asked of providers. */
export default async function Exchange1cPage() {
  await requireAdminPage();
  const t = await adminT();
  const locale = await getLocale();
  const { imports, sessions, refunds } = await exchangeHistory(sql());
  const time = (date: Date | null) => (date ? formatTime(new Date(date), locale) : "—");
  const sum = (tiyin: string | bigint | undefined) => (tiyin === undefined ? "" : formatMoney(BigInt(tiyin), "UZS", locale));
  return (
    <section>
      <h1>{t("exchange1c.title")}</h1>
      {imports.length === 0 && sessions.length === 0 ? <p>{t("exchange1c.empty")}</p> : null}
      {refunds.length > 0 ? (
        <>
          <h2>{t("exchange1c.refunds")}</h2>
          <AdminTable
            testId="exchange-refunds"
            columns={[
              { label: t("exchange1c.order") },
              { label: t("exchange1c.document") },
              { label: t("exchange1c.amount"), numeric: true },
              { label: t("exchange1c.refundState") },
            ]}
          >
            {refunds.map((refund) => (
              <tr key={refund.key}>
                <td><Link href={`/admin/orders/${refund.orderNumber}`}>{refund.orderNumber}</Link></td>
                <td className="adm-mono">{refund.key}</td>
                <td className="adm-num">{sum(refund.amount)}</td>
                <td className={refund.state === "by_hand" ? "adm-warning" : undefined}>
                  {refund.state === "by_hand" ? t("exchange1c.refundByHand") : refund.state} {refund.detail ? `— ${refund.detail}` : ""}
                </td>
              </tr>
            ))}
          </AdminTable>
        </>
      ) : null}
      {imports.length > 0 ? <h2>{t("exchange1c.imports")}</h2> : null}
      {imports.map((row) => (
        <details key={row.id} className="adm-exchange-import" data-testid="exchange-import">
          <summary>
            {time(row.startedAt)} · {row.fileName} · <span className={`adm-outcome-${row.state}`}>{row.state}</span>
            {row.reason ? ` — ${row.reason}` : ""} · {t("exchange1c.counts")}: {row.applied} / {row.unchanged} / {row.refused}
          </summary>
          {row.report.length > 0 ? (
            <AdminTable
              columns={[
                { label: t("exchange1c.document") },
                { label: t("exchange1c.order") },
                { label: t("exchange1c.outcome") },
                { label: t("exchange1c.amount"), numeric: true },
                { label: t("exchange1c.reason") },
              ]}
            >
              {row.report.map((line) => (
                <tr key={line.index}>
                  <td className="adm-mono">{line.document} <span className="adm-muted">{line.operation}</span></td>
                  <td>{line.order === null ? "—" : <Link href={`/admin/orders/${line.order}`}>{line.order}</Link>}</td>
                  <td className={`adm-outcome-${line.outcome}`}>{line.outcome} · {line.action}</td>
                  <td className="adm-num">{sum(line.amount)}</td>
                  <td>{line.reason ?? ""}</td>
                </tr>
              ))}
            </AdminTable>
          ) : null}
        </details>
      ))}
      {sessions.length > 0 ? (
        <>
          <h2>{t("exchange1c.sessions")}</h2>
          <AdminTable
            testId="exchange-sessions"
            columns={[
              { label: t("exchange1c.started") },
              { label: t("exchange1c.login") },
              { label: t("exchange1c.version") },
              { label: t("exchange1c.queried"), numeric: true },
              { label: t("exchange1c.committed") },
            ]}
          >
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>{time(session.createdAt)}</td>
                <td>{session.login}</td>
                <td>{session.version ?? "—"}</td>
                <td className="adm-num">{session.queriedCount ?? "—"}</td>
                <td>{time(session.committedAt)}</td>
              </tr>
            ))}
          </AdminTable>
        </>
      ) : null}
    </section>
  );
}
