import type { SqlExecutor } from "../../db/sql";
import { ledgerRecords, ledgerRecordsByReference } from "./ledger-side";
import { reconcile } from "./reconcile";
import type { Period, ProviderRecord, ReconciliationReport, ReconciliationSource, SourceFailure } from "./types";

/**
 * Fetches the provider's records of the period, reads our ledger, compares. `statement`: the
 * records of an uploaded statement file (null: none), for the payments the provider's API does
 * not list; its records outside the period count only where our ledger has them in the period.
 */
export async function runReconciliation(
  sql: SqlExecutor,
  source: ReconciliationSource,
  period: Period,
  statement: ProviderRecord[] | null = null,
): Promise<{ ok: true; report: ReconciliationReport } | SourceFailure> {
  const fetched = await source.fetchRecords(period);
  if (!fetched.ok) return fetched;
  const ours = await ledgerRecords(sql, source.provider, period);
  const known = new Set(ours.map((record) => record.reference));
  const inPeriod = (record: ProviderRecord) => known.has(record.reference) || (record.at !== null && record.at >= period.from && record.at < period.to);
  const fromStatement = statement?.filter(inPeriod) ?? null;
  const theirs = [...fetched.records, ...(fromStatement ?? [])];
  const outside = await ledgerRecordsByReference(
    sql,
    source.provider,
    [...new Set(theirs.map((record) => record.reference).filter((reference) => !known.has(reference)))],
  );
  const unlisted = source.unlisted ? await source.unlisted(sql, [...known]) : new Set<string>();
  return { ok: true, report: reconcile(source.provider, period, ours, fetched.records, outside, { unlisted, statement: fromStatement }) };
}
