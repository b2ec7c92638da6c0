import type { SqlExecutor } from "../../db/sql";
import { ledgerRecords, ledgerRecordsByReference } from "./ledger-side";
import { reconcile } from "./reconcile";
import type { Period, ReconciliationReport, ReconciliationSource, SourceFailure } from "./types";

/** Fetches the provider's records of the period, reads our ledger, compares. */
export async function runReconciliation(
  sql: SqlExecutor,
  source: ReconciliationSource,
  period: Period,
): Promise<{ ok: true; report: ReconciliationReport } | SourceFailure> {
  const fetched = await source.fetchRecords(period);
  if (!fetched.ok) return fetched;
  const ours = await ledgerRecords(sql, source.provider, period);
  const known = new Set(ours.map((record) => record.reference));
  const outside = await ledgerRecordsByReference(
    sql,
    source.provider,
    fetched.records.map((record) => record.reference).filter((reference) => !known.has(reference)),
  );
  return { ok: true, report: reconcile(source.provider, period, ours, fetched.records, outside) };
}
