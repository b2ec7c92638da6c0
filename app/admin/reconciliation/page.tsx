import Link from "next/link";
import { AdminSelect, AdminTable } from "@/components/admin/admin-table";
import { sql } from "@/lib/db";
import { adminT, requireAdminPage } from "@/lib/admin/context";
import { formatSum, formatTime, tashkentDay } from "@/lib/admin/format";
import { tDynamic } from "@/lib/i18n/admin";
import { periodOf, reconciliationQuery } from "@/lib/admin/reconciliation/period";
import { runReconciliation } from "@/lib/admin/reconciliation/run-reconciliation";
import { reconcilableProviders, reconciliationSource } from "@/lib/admin/reconciliation/sources";
import { getLocale } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

export default async function ReconciliationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage();
  const t = await adminT();
  const locale = await getLocale();
  const raw = await searchParams;
  const today = tashkentDay();
  const monthStart = `${today.slice(0, 8)}01`;
  const query = reconciliationQuery.safeParse({ provider: raw.provider ?? reconcilableProviders[0], from: raw.from ?? monthStart, to: raw.to ?? today });
  const requested = raw.from !== undefined && query.success;
  const source = query.success ? await reconciliationSource(query.data.provider) : null;
  const result = requested && source ? await runReconciliation(sql(), source, periodOf(query.data)) : null;
  const csvHref = query.success ? `/admin/reconciliation/export?${new URLSearchParams(query.data).toString()}` : null;
  return (
    <section>
      <h1>{t("recon.title")}</h1>
      <p className="adm-hint">{t("recon.intro")}</p>
      <form method="get" className="adm-filters">
        <AdminSelect
          label={t("recon.provider")}
          name="provider"
          defaultValue={query.success ? query.data.provider : (reconcilableProviders[0] ?? "")}
          options={reconcilableProviders.map((provider) => ({ value: provider, label: tDynamic(t, `provider.${provider}`) }))}
        />
        <label>
          {t("recon.from")}
          <input type="date" name="from" defaultValue={query.success ? query.data.from : monthStart} required />
        </label>
        <label>
          {t("recon.to")}
          <input type="date" name="to" defaultValue={query.success ? query.data.to : today} required />
        </label>
        <button type="submit" className="adm-button">
          {t("recon.run")}
        </button>
      </form>
      {!query.success && raw.from !== undefined && <p className="adm-error" role="alert">{t("error.invalid")}</p>}
      {requested && !source && <p className="adm-warning">{t("recon.notAvailable")}</p>}
      {result && !result.ok && <p className="adm-error" role="alert">{t("recon.failed", { message: result.message[locale] })}</p>}
      {result?.ok && (
        <>
          <p role="status">
            {t("recon.summary", { matches: result.report.matches, differences: result.report.differences })}{" "}
            {csvHref && <a href={csvHref}>{t("recon.csv")}</a>}
          </p>
          {result.report.lines.length === 0 ? (
            <p className="adm-muted">{t("recon.none")}</p>
          ) : (
            <AdminTable
              columns={[
                { label: t("recon.result") },
                { label: t("order.reference") },
                { label: t("orders.number") },
                { label: t("recon.ours"), numeric: true },
                { label: t("recon.theirs"), numeric: true },
                { label: t("order.at") },
              ]}
            >
              {result.report.lines.map((line) => (
                <tr key={line.reference} className={line.kind === "match" ? undefined : "adm-row-diff"}>
                  <td>{tDynamic(t, `recon.kind.${line.kind}`)}</td>
                  <td className="adm-mono">{line.reference}</td>
                  <td>{line.orderNumber ? <Link href={`/admin/orders/${line.orderNumber}`}>{t("orders.numberLink", { number: line.orderNumber })}</Link> : "—"}</td>
                  <td className="adm-num">
                    {line.ours ? `${formatSum(line.ours.paid, locale)}${line.ours.refunded > 0n ? ` (${t("recon.state.refunded")})` : ""}` : "—"}
                  </td>
                  <td className="adm-num">
                    {line.theirs ? `${formatSum(line.theirs.amount, locale)} (${tDynamic(t, `recon.state.${line.theirs.state}`)})` : "—"}
                  </td>
                  <td>{formatTime(line.ours?.at ?? line.theirs?.at ?? null, locale)}</td>
                </tr>
              ))}
            </AdminTable>
          )}
        </>
      )}
    </section>
  );
}
