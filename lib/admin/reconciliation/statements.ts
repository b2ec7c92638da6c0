import type { SqlExecutor } from "../../db/sql";
import { toDate } from "../../db/sql-values";
import type { ProviderRecord } from "./types";

/** Larger uploads are refused before they are read (a month of a busy shop's statement is far below). */
export const STATEMENT_UPLOAD_LIMIT = 2 * 1024 * 1024;

/** An uploaded statement as the reconciliation page names it. */
export type StoredStatement = { id: number; provider: string; fileName: string; uploadedAt: Date; records: ProviderRecord[] };

type StoredRecord = Omit<ProviderRecord, "amount" | "at"> & { amount: string; at: string | null };

/** Keeps a parsed statement (amounts as decimal tiyin strings in JSON); returns its id for the page's `statement=` parameter. */
export async function saveStatement(sql: SqlExecutor, input: { provider: string; fileName: string; records: ProviderRecord[] }): Promise<number> {
  const stored: StoredRecord[] = input.records.map((record) => ({ ...record, amount: record.amount.toString(), at: record.at ? record.at.toISOString() : null }));
  const row = await sql.get<{ id: number }>(
    `INSERT INTO "ReconciliationStatement" ("provider", "fileName", "records", "recordCount", "uploadedAt") VALUES (?, ?, ?, ?, ?) RETURNING "id"`,
    [input.provider, input.fileName.slice(0, 200), JSON.stringify(stored), input.records.length, new Date()],
    { id: "number" },
  );
  return row!.id;
}

/** The statement `id` if it was uploaded for `provider`, else null (a stale or forged id). */
export async function loadStatement(sql: SqlExecutor, provider: string, id: number): Promise<StoredStatement | null> {
  const row = await sql.get<{ id: number; provider: string; fileName: string; records: string; uploadedAt: unknown }>(
    `SELECT "id", "provider", "fileName", "records", "uploadedAt" FROM "ReconciliationStatement" WHERE "id" = ? AND "provider" = ?`,
    [id, provider],
    { id: "number" },
  );
  if (!row) return null;
  const records = (JSON.parse(row.records) as StoredRecord[]).map((record) => ({ ...record, amount: BigInt(record.amount), at: record.at ? new Date(record.at) : null }));
  return { id: row.id, provider: row.provider, fileName: row.fileName, uploadedAt: toDate(row.uploadedAt)!, records };
}
