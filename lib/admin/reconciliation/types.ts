import type { SqlExecutor } from "../../db/sql";
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

/** Why a statement file was refused; `line` is the file's line (1 = the header), `columns` the missing ones. */
export type StatementError =
  | { error: "empty" }
  | { error: "columns"; columns: string[] }
  | { error: "row"; line: number; column: string }
  | { error: "too_many_rows"; limit: number };

/**
 * A statement file exported from the provider's cabinet (Payme: its hosted page's transactions,
 * which no API of Payme lists), read into our terms. Bad input is a value, never an exception.
 */
export interface StatementFormat {
  /** The file input's `accept` (extensions and media types of the statement file). */
  readonly accept: string;
  parse(bytes: Uint8Array): { ok: true; records: ProviderRecord[] } | ({ ok: false } & StatementError);
}

/**
 * A provider's side of a reconciliation. Add a provider by implementing this and registering it
 * in sources.ts; the comparison, the page and the CSV are shared.
 */
export interface ReconciliationSource {
  readonly provider: LedgerProvider;
  /** Every record of the period the provider's API lists (the source pages through it itself). */
  fetchRecords(period: Period): Promise<{ ok: true; records: ProviderRecord[] } | SourceFailure>;
  /**
   * Of our ledger's references, those the provider's API cannot list (Payme: payments made on
   * its hosted page, which only the cabinet's statement shows). Absent: the API lists them all.
   * Without an uploaded statement these are "not checkable here", never differences.
   */
  unlisted?(sql: SqlExecutor, references: string[]): Promise<Set<string>>;
  /** The statement file that covers the unlisted payments. */
  readonly statement?: StatementFormat;
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
  /** Our payment that the provider's API does not list, and no statement was given: not a difference. */
  | { kind: "not_checkable"; reference: string; orderNumber: number | null; ours: LedgerRecord; theirs: null }
  | { kind: DifferenceKind; reference: string; orderNumber: number | null; ours: LedgerRecord | null; theirs: ProviderRecord | null };

export type ReconciliationReport = {
  provider: LedgerProvider;
  period: Period;
  lines: ReconciliationLine[];
  matches: number;
  differences: number;
  notCheckable: number;
};
