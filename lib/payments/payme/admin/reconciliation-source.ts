import type { SqlExecutor } from "../../../db/sql";
import type { PaymeAdminGateway, PaymeReceiptSnapshot } from "./payme-gateway";
import { paymeStatementFormat } from "./statement";
import type { Period, ProviderRecord, ReconciliationSource } from "../../../admin/reconciliation/types";

/** receipts.get_all answers at most this many per call. */
export const PAYME_PAGE_SIZE = 50;
/** A guard against a provider that never stops answering full pages. */
const MAX_PAGES = 2_000;

/** Payme receipt states → our terms (protocol file, "Receipt states"). */
export function paymeRecordState(receipt: PaymeReceiptSnapshot): ProviderRecord["state"] {
  if (receipt.state === 4) return "paid";
  if (receipt.state === 5 || receipt.state === 6) return "held";
  if (receipt.state === 21) return receipt.payTime > 0 ? "refunding" : "unpaid";
  if (receipt.state === 50) return receipt.payTime > 0 ? "refunded" : "unpaid";
  return "unpaid";
}

/**
 * Of our Payme ledger references, those that are no Subscribe receipt of ours: payments made on
 * Payme's hosted page (Merchant API transactions), which receipts.get_all does not list.
 */
export async function paymeUnlistedReferences(sql: SqlExecutor, references: string[]): Promise<Set<string>> {
  const receipts = new Set<string>();
  for (let index = 0; index < references.length; index += 200) {
    const chunk = references.slice(index, index + 200);
    const rows = await sql.all<{ paymeId: string }>(`SELECT "paymeId" FROM "PaymeReceipt" WHERE "paymeId" IN (${chunk.map(() => "?").join(", ")})`, chunk);
    for (const row of rows) receipts.add(row.paymeId);
  }
  return new Set(references.filter((reference) => !receipts.has(reference)));
}

/** Receipts through the Subscribe API; hosted-page payments through the cabinet's statement file (statement.ts). */
export function paymeReconciliationSource(gateway: PaymeAdminGateway): ReconciliationSource {
  return {
    provider: "payme",
    unlisted: paymeUnlistedReferences,
    statement: paymeStatementFormat,
    async fetchRecords(period: Period) {
      const records: ProviderRecord[] = [];
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const result = await gateway.listReceipts({
          from: period.from.getTime(),
          to: period.to.getTime() - 1,
          count: PAYME_PAGE_SIZE,
          offset: page * PAYME_PAGE_SIZE,
        });
        if (!result.ok) return { ok: false, message: result.message };
        for (const receipt of result.receipts) {
          records.push({
            reference: receipt.id,
            orderNumber: receipt.orderNumber,
            amount: receipt.amount,
            state: paymeRecordState(receipt),
            rawState: String(receipt.state),
            at: receipt.payTime > 0 ? new Date(receipt.payTime) : receipt.createTime > 0 ? new Date(receipt.createTime) : null,
          });
        }
        if (result.receipts.length < PAYME_PAGE_SIZE) break;
      }
      return { ok: true, records };
    },
  };
}
