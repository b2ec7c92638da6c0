import { sql } from "@/lib/db";
import { recordAudit } from "@/lib/admin/audit";
import { guardRoute } from "@/lib/admin/context";
import { reconciliationCsv } from "@/lib/admin/reconciliation/csv";
import { periodOf, reconciliationQuery } from "@/lib/admin/reconciliation/period";
import { runReconciliation } from "@/lib/admin/reconciliation/run-reconciliation";
import { reconciliationSource } from "@/lib/admin/reconciliation/sources";
import { loadStatement } from "@/lib/admin/reconciliation/statements";
import { getLocale } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/** `GET /admin/reconciliation/export?provider=payme&from=…&to=…[&statement=id]`: the reconciliation as CSV. */
export async function GET(request: Request) {
  const guard = await guardRoute("read");
  if (!guard.ok) return text(guard.error, guard.status);
  const { statement: statementParam, ...params } = Object.fromEntries(new URL(request.url).searchParams);
  const query = reconciliationQuery.safeParse(params);
  if (!query.success) return text(guard.t("error.invalid"), 400);
  const source = await reconciliationSource(query.data.provider);
  if (!source) return text(guard.t("recon.notAvailable"), 409);
  const statementId = statementParam !== undefined && /^\d{1,9}$/.test(statementParam) ? Number(statementParam) : null;
  if (statementParam !== undefined && statementId === null) return text(guard.t("error.invalid"), 400);
  const statement = statementId === null ? null : await loadStatement(sql(), query.data.provider, statementId);
  if (statementId !== null && !statement) return text(guard.t("error.invalid"), 400);
  const result = await runReconciliation(sql(), source, periodOf(query.data), statement?.records ?? null);
  if (!result.ok) return text(guard.t("recon.failed", { message: result.message[await getLocale()] }), 502);
  await recordAudit(sql(), {
    action: "reconciliation.run",
    outcome: "ok",
    ip: guard.ip,
    target: `reconciliation:${query.data.provider}`,
    detail: { from: query.data.from, to: query.data.to, differences: result.report.differences, notCheckable: result.report.notCheckable, statement: statementId },
  });
  return new Response(reconciliationCsv(result.report), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="reconciliation-${query.data.provider}-${query.data.from}-${query.data.to}.csv"`,
      "cache-control": "no-store",
    },
  });
}

/** Anything else is refused the same way (session and origin first). */
async function refuse() {
  const guard = await guardRoute("write");
  if (!guard.ok) return text(guard.error, guard.status);
  return text("Method Not Allowed", 405);
}
export { refuse as POST, refuse as PUT, refuse as DELETE, refuse as PATCH };
