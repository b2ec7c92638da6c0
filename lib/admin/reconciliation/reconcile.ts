import type { LedgerProvider } from "../../orders/ledger";
import type { LedgerRecord, Period, ProviderRecord, ReconciliationLine, ReconciliationReport } from "./types";

/** What our ledger says the provider's record should be. */
function ourState(record: LedgerRecord): "paid" | "refunded" {
  return record.refunded > 0n ? "refunded" : "paid";
}

/**
 * Compares the two sides by reference. Records that never took money (unpaid, held) and are
 * absent from the ledger are not differences; everything else unmatched is. `lookup` finds a
 * ledger record outside the period (a payment recorded just across the boundary is not missing).
 */
export function reconcile(
  provider: LedgerProvider,
  period: Period,
  ours: LedgerRecord[],
  theirs: ProviderRecord[],
  outsidePeriod: Map<string, LedgerRecord> = new Map(),
): ReconciliationReport {
  const byReference = new Map(ours.map((record) => [record.reference, record]));
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
    if (!seen.has(record.reference)) {
      lines.push({ kind: "missing_at_provider", reference: record.reference, orderNumber: record.orderNumber, ours: record, theirs: null });
    }
  }
  const differences = lines.filter((line) => line.kind !== "match").length;
  // Differences first, then by order.
  lines.sort((a, b) => Number(a.kind === "match") - Number(b.kind === "match") || (a.orderNumber ?? 0) - (b.orderNumber ?? 0));
  return { provider, period, lines, matches: lines.length - differences, differences };
}
