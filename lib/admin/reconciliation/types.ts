import type { LocalizedText } from "../../i18n/localized-text";
import type { LedgerProvider } from "../../orders/ledger";

/** One payment as a provider's own records tell it, mapped onto our terms. */
export type ProviderRecord = {
  /** The ledger's `reference` for this payment (Payme receipt/transaction id, Click click_trans_id…). */
  reference: string;
  orderNumber: number | null;
  amount: bigint;
  /** paid: money taken; refunded: taken and returned; refunding: return under way; held; unpaid: never taken. */
  state: "paid" | "refunded" | "refunding" | "held" | "unpaid";
  /** The provider's own state, for the report. */
  rawState: string;
  at: Date | null;
};

export type Period = { from: Date; to: Date };

/** The provider could not be asked: a sentence for the merchant in each language. */
export type SourceFailure = { ok: false; message: LocalizedText };

/**
 * A provider's side of a reconciliation. Add a provider by implementing this and registering it
 * in sources.ts; the comparison, the page and the CSV are shared.
 */
export interface ReconciliationSource {
  readonly provider: LedgerProvider;
  /** Every record of the period (the source pages through the provider's API itself). */
  fetchRecords(period: Period): Promise<{ ok: true; records: ProviderRecord[] } | SourceFailure>;
}

/** Our side: a payment in the ledger and whether it was refunded. */
export type LedgerRecord = {
  reference: string;
  orderNumber: number;
  paid: bigint;
  refunded: bigint;
  at: Date;
};

export type DifferenceKind = "missing_in_ledger" | "missing_at_provider" | "amount_mismatch" | "state_mismatch";

export type ReconciliationLine =
  | { kind: "match"; reference: string; orderNumber: number | null; ours: LedgerRecord; theirs: ProviderRecord }
  | { kind: DifferenceKind; reference: string; orderNumber: number | null; ours: LedgerRecord | null; theirs: ProviderRecord | null };

export type ReconciliationReport = {
  provider: LedgerProvider;
  period: Period;
  lines: ReconciliationLine[];
  matches: number;
  differences: number;
};
