import Link from "next/link";
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
          <div className="adm-table-wrap">
            <table className="adm-table" data-testid="exchange-refunds">
              <thead>
                <tr>
                  <th scope="col">{t("exchange1c.order")}</th>
                  <th scope="col">{t("exchange1c.document")}</th>
                  <th scope="col">{t("exchange1c.amount")}</th>
                  <th scope="col">{t("exchange1c.refundState")}</th>
                </tr>
              </thead>
              <tbody>
                {refunds.map((refund) => (
                  <tr key={refund.key}>
                    <td><Link href={`/admin/orders/${refund.orderNumber}`}>{refund.orderNumber}</Link></td>
                    <td className="adm-mono">{refund.key}</td>
                    <td>{sum(refund.amount)}</td>
                    <td className={refund.state === "by_hand" ? "adm-warning" : undefined}>
                      {refund.state === "by_hand" ? t("exchange1c.refundByHand") : refund.state} {refund.detail ? `— ${refund.detail}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
            <div className="adm-table-wrap">
              <table className="adm-table">
                <thead>
                  <tr>
                    <th scope="col">{t("exchange1c.document")}</th>
                    <th scope="col">{t("exchange1c.order")}</th>
                    <th scope="col">{t("exchange1c.outcome")}</th>
                    <th scope="col">{t("exchange1c.amount")}</th>
                    <th scope="col">{t("exchange1c.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {row.report.map((line) => (
                    <tr key={line.index}>
                      <td className="adm-mono">{line.document} <span className="adm-muted">{line.operation}</span></td>
                      <td>{line.order === null ? "—" : <Link href={`/admin/orders/${line.order}`}>{line.order}</Link>}</td>
                      <td className={`adm-outcome-${line.outcome}`}>{line.outcome} · {line.action}</td>
                      <td>{sum(line.amount)}</td>
                      <td>{line.reason ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </details>
      ))}
      {sessions.length > 0 ? (
        <>
          <h2>{t("exchange1c.sessions")}</h2>
          <div className="adm-table-wrap">
            <table className="adm-table" data-testid="exchange-sessions">
              <thead>
                <tr>
                  <th scope="col">{t("exchange1c.started")}</th>
                  <th scope="col">{t("exchange1c.login")}</th>
                  <th scope="col">{t("exchange1c.version")}</th>
                  <th scope="col">{t("exchange1c.queried")}</th>
                  <th scope="col">{t("exchange1c.committed")}</th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((session) => (
                  <tr key={session.id}>
                    <td>{time(session.createdAt)}</td>
                    <td>{session.login}</td>
                    <td>{session.version ?? "—"}</td>
                    <td>{session.queriedCount ?? "—"}</td>
                    <td>{time(session.committedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
