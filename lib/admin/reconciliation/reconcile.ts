import type { LedgerProvider } from "../../orders/ledger";
import type { LedgerRecord, Period, ProviderRecord, ReconciliationLine, ReconciliationReport } from "./types";

/** What our ledger says the provider's record should be. */
function ourState(record: LedgerRecord): "paid" | "refunded" {
  return record.refunded > 0n ? "refunded" : "paid";
}

/** What the provider's API does not list, and the statement file that covers it, if uploaded. */
export type Coverage = {
  /** Our references the provider's API cannot list (ReconciliationSource.unlisted). */
  unlisted?: ReadonlySet<string>;
  /** The uploaded statement's records; null: none uploaded. */
  statement?: ProviderRecord[] | null;
};

/**
 * Compares the two sides by reference. Records that never took money (unpaid, held) and are
 * absent from the ledger are not differences; everything else unmatched is. `outsidePeriod` finds
 * a ledger record outside the period (a payment recorded just across the boundary is not missing).
 * The provider's side is its API's records plus the statement's (the API's record wins where
 * both have a reference). Our payment in `unlisted` with no statement is "not checkable", not a
 * difference; with a statement it must be in it.
 */
export function reconcile(
  provider: LedgerProvider,
  period: Period,
  ours: LedgerRecord[],
  fromApi: ProviderRecord[],
  outsidePeriod: Map<string, LedgerRecord> = new Map(),
  coverage: Coverage = {},
): ReconciliationReport {
  const byReference = new Map(ours.map((record) => [record.reference, record]));
  const listed = new Set(fromApi.map((record) => record.reference));
  const statement = coverage.statement ?? null;
  const theirs = [...fromApi, ...(statement ?? []).filter((record) => !listed.has(record.reference))];
  const seen = new Set<string>();
  const lines: ReconciliationLine[] = [];
  for (const record of theirs) {
    const mine = byReference.get(record.reference) ?? outsidePeriod.get(record.reference) ?? null;
    seen.add(record.reference);
    const orderNumber = mine?.orderNumber ?? record.orderNumber;
    const tookMoney = record.state === "paid" || record.state === "refunded" || record.state === "refunding";
    if (!mine) {
      if (tookMoney) lines.push({ kind: "missing_in_ledger", reference: record.reference, orderNumber, ours: null, theirs: record });
      continue;
    }
    if (mine.paid !== record.amount) {
      lines.push({ kind: "amount_mismatch", reference: record.reference, orderNumber, ours: mine, theirs: record });
      continue;
    }
    const expected = ourState(mine);
    const agrees = record.state === expected || (record.state === "refunding" && expected === "paid");
    lines.push(
      agrees
        ? { kind: "match", reference: record.reference, orderNumber, ours: mine, theirs: record }
        : { kind: "state_mismatch", reference: record.reference, orderNumber, ours: mine, theirs: record },
    );
  }
  for (const record of ours) {
    if (seen.has(record.reference)) continue;
    const checkable = statement !== null || !coverage.unlisted?.has(record.reference);
    lines.push(
      checkable
        ? { kind: "missing_at_provider", reference: record.reference, orderNumber: record.orderNumber, ours: record, theirs: null }
        : { kind: "not_checkable", reference: record.reference, orderNumber: record.orderNumber, ours: record, theirs: null },
    );
  }
  const rank = (line: ReconciliationLine) => (line.kind === "match" ? 2 : line.kind === "not_checkable" ? 1 : 0);
  const matches = lines.filter((line) => line.kind === "match").length;
  const notCheckable = lines.filter((line) => line.kind === "not_checkable").length;
  // Differences first, then what could not be checked, then matches; each by order.
  lines.sort((a, b) => rank(a) - rank(b) || (a.orderNumber ?? 0) - (b.orderNumber ?? 0));
  return { provider, period, lines, matches, differences: lines.length - matches - notCheckable, notCheckable };
}
