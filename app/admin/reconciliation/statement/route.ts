import { sql } from "@/lib/db";
import { recordAudit } from "@/lib/admin/audit";
import { guardRoute } from "@/lib/admin/context";
import { uploadErrorParams, uploadStatement } from "@/lib/admin/reconciliation/upload-statement";

export const dynamic = "force-dynamic";

const text = (body: string, status: number) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

const seeOther = (params: Record<string, string>) =>
  new Response(null, { status: 303, headers: { location: `/admin/reconciliation?${new URLSearchParams(params).toString()}`, "cache-control": "no-store" } });

/**
 * `POST /admin/reconciliation/statement`: the merchant's statement file from the provider's
 * cabinet (session and same origin first, size limited), then back to the reconciliation page
 * with it, or with the reason it was refused.
 */
export async function POST(request: Request) {
  const guard = await guardRoute("write");
  if (!guard.ok) {
    await request.body?.cancel().catch(() => undefined);
    return text(guard.error, guard.status);
  }
  const outcome = await uploadStatement(sql(), request);
  const query: Record<string, string> = outcome.query ? { provider: outcome.query.provider, from: outcome.query.from, to: outcome.query.to } : {};
  await recordAudit(sql(), {
    action: "reconciliation.statement",
    outcome: outcome.ok ? "ok" : "refused",
    ip: guard.ip,
    target: `reconciliation:${outcome.query?.provider ?? "?"}`,
    detail: outcome.ok ? { records: outcome.count } : { error: outcome.error },
  });
  if (!outcome.ok) return seeOther({ ...query, ...uploadErrorParams(outcome) });
  return seeOther({ ...query, statement: String(outcome.statementId) });
}
