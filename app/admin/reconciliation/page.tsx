import Link from "next/link";
import { AdminSelect, AdminTable } from "@/components/admin/admin-table";
import { sql } from "@/lib/db";
import { adminT, requireAdminPage } from "@/lib/admin/context";
import { formatSum, formatTime, tashkentDay } from "@/lib/admin/format";
import { tDynamic } from "@/lib/i18n/admin";
import { periodOf, reconciliationQuery } from "@/lib/admin/reconciliation/period";
import { runReconciliation } from "@/lib/admin/reconciliation/run-reconciliation";
import { reconcilableProviders, reconciliationSource } from "@/lib/admin/reconciliation/sources";
import { loadStatement, STATEMENT_UPLOAD_LIMIT } from "@/lib/admin/reconciliation/statements";
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
  const statementId = typeof raw.statement === "string" && /^\d{1,9}$/.test(raw.statement) ? Number(raw.statement) : null;
  const statement = query.success && statementId !== null ? await loadStatement(sql(), query.data.provider, statementId) : null;
  const result = requested && source ? await runReconciliation(sql(), source, periodOf(query.data), statement?.records ?? null) : null;
  const csvHref = query.success
    ? `/admin/reconciliation/export?${new URLSearchParams({ ...query.data, ...(statement ? { statement: String(statement.id) } : {}) }).toString()}`
    : null;
  const uploadError = typeof raw.statementError === "string" ? statementErrorText(t, raw) : null;
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
      {uploadError && (
        <p className="adm-error" role="alert">
          {uploadError}
        </p>
      )}
      {query.success && source?.statement && (
        <section aria-labelledby="recon-statement-title">
          <h2 id="recon-statement-title">{t("recon.statement.title")}</h2>
          <p className="adm-hint">{statement ? t("recon.statement.using", { file: statement.fileName, count: statement.records.length }) : t("recon.statement.hint")}</p>
        <form method="post" action="/admin/reconciliation/statement" encType="multipart/form-data" className="adm-filters">
          <input type="hidden" name="provider" value={query.data.provider} />
          <input type="hidden" name="from" value={query.data.from} />
          <input type="hidden" name="to" value={query.data.to} />
          <label>
            {t("recon.statement.file", { limit: Math.round(STATEMENT_UPLOAD_LIMIT / 1024 / 1024) })}
            <input type="file" name="file" accept={source.statement.accept} required />
          </label>
          <button type="submit" className="adm-button">
            {t("recon.statement.upload")}
          </button>
        </form>
        </section>
      )}
      {result?.ok && (
        <>
          <p role="status">
            {t("recon.summary", { matches: result.report.matches, differences: result.report.differences })}{" "}
            {result.report.notCheckable > 0 && `${t("recon.notCheckableSummary", { count: result.report.notCheckable })} `}
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
                <tr key={line.reference} className={line.kind === "match" || line.kind === "not_checkable" ? undefined : "adm-row-diff"}>
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

/** The upload's refusal (the statement route's query parameters) in the admin's language. */
function statementErrorText(t: Awaited<ReturnType<typeof adminT>>, raw: Record<string, string | string[] | undefined>): string {
  const param = (name: string) => (typeof raw[name] === "string" ? raw[name] : "");
  switch (param("statementError")) {
    case "too_large":
      return t("recon.statement.error.too_large", { limit: Math.round(STATEMENT_UPLOAD_LIMIT / 1024 / 1024) });
    case "empty":
      return t("recon.statement.error.empty");
    case "columns":
      return t("recon.statement.error.columns", { columns: param("columns").slice(0, 200) });
    case "row":
      return t("recon.statement.error.row", { line: param("line").slice(0, 9), column: param("column").slice(0, 60) });
    case "too_many_rows":
      return t("recon.statement.error.too_many_rows");
    case "not_supported":
      return t("recon.statement.error.not_supported");
    case "not_available":
      return t("recon.notAvailable");
    case "no_file":
      return t("recon.statement.error.no_file");
    default:
      return t("error.invalid");
  }
}
