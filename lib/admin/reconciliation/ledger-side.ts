import type { SqlExecutor } from "../../db/sql";
import type { LedgerProvider } from "../../orders/ledger";
import { toDate, toNumber } from "../../db/sql-values";
import type { LedgerRecord, Period } from "./types";

/** `reference`: the payment's (a refund's `refundOf` when it names one: refunds by hand and Robokassa's have their own ids). */
type Row = { kind: string; reference: string; orderNumber: number; amount: bigint; at: unknown };

function fold(rows: Row[]): LedgerRecord[] {
  const records = new Map<string, LedgerRecord>();
  for (const row of rows) {
    const record = records.get(row.reference) ?? {
      reference: row.reference,
      orderNumber: toNumber(row.orderNumber),
      paid: 0n,
      refunded: 0n,
      at: toDate(row.at)!,
    };
    if (row.kind === "payment") record.paid += BigInt(row.amount);
    else record.refunded += BigInt(row.amount);
    records.set(row.reference, record);
  }
  return [...records.values()].filter((record) => record.paid > 0n);
}

/** Our ledger's payments of one provider in the period (with their refunds, whenever recorded). */
export async function ledgerRecords(sql: SqlExecutor, provider: LedgerProvider, period: Period): Promise<LedgerRecord[]> {
  const rows = await sql.all<Row>(
    `SELECT l."kind", COALESCE(l."refundOf", l."reference") AS "reference", l."orderNumber", l."amount", l."at" FROM "LedgerEntry" l
      WHERE l."provider" = ? AND COALESCE(l."refundOf", l."reference") IN (
        SELECT p."reference" FROM "LedgerEntry" p WHERE p."provider" = ? AND p."kind" = 'payment' AND p."at" >= ? AND p."at" < ?)
      ORDER BY l."id"`,
    [provider, provider, period.from, period.to],
    { reference: "string" },
  );
  return fold(rows);
}

/** The same for given references, whenever they were recorded. */
export async function ledgerRecordsByReference(sql: SqlExecutor, provider: LedgerProvider, references: string[]): Promise<Map<string, LedgerRecord>> {
  const found = new Map<string, LedgerRecord>();
  for (let index = 0; index < references.length; index += 200) {
    const chunk = references.slice(index, index + 200);
    if (chunk.length === 0) break;
    const rows = await sql.all<Row>(
      `SELECT "kind", COALESCE("refundOf", "reference") AS "reference", "orderNumber", "amount", "at" FROM "LedgerEntry"
        WHERE "provider" = ? AND COALESCE("refundOf", "reference") IN (${chunk.map(() => "?").join(", ")}) ORDER BY "id"`,
      [provider, ...chunk],
      { reference: "string" },
    );
    for (const record of fold(rows)) found.set(record.reference, record);
  }
  return found;
}
