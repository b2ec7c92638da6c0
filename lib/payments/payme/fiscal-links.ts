import type { SqlExecutor } from "../../db/sql";

/** `qr_code_url` of one stored SetFiscalData (`{receipt_id, qr_code_url, …}`), when it is an http(s) link. */
function linkOf(fiscalData: unknown): string | null {
  const url = (fiscalData as { qr_code_url?: unknown } | null)?.qr_code_url;
  return typeof url === "string" && /^https?:\/\//.test(url) ? url : null;
}

function parsed(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The links of the fiscal receipts of the order's Payme payments (the PERFORM SetFiscalData of
 * Merchant API transactions and of Subscribe receipts), in the order they were made; the
 * shopper's order page shows them (provider `fiscalReceipts`).
 */
export async function paymeFiscalReceiptLinks(sql: SqlExecutor, orderNumber: number): Promise<string[]> {
  const [transactions, receipts] = await Promise.all([
    sql.all<{ fiscalPerform: string | null }>(`SELECT "fiscalPerform" FROM "PaymeTransaction" WHERE "orderNumber" = ? ORDER BY "id"`, [orderNumber]),
    sql.all<{ fiscalData: string | null }>(`SELECT "fiscalData" FROM "PaymeReceipt" WHERE "orderNumber" = ? ORDER BY "id"`, [orderNumber]),
  ]);
  // Subscribe receipts keep fiscal data per type: `{"PERFORM": {...}, "CANCEL": {...}}`.
  const links = [
    ...transactions.map((row) => linkOf(parsed(row.fiscalPerform))),
    ...receipts.map((row) => linkOf((parsed(row.fiscalData) as { PERFORM?: unknown } | null)?.PERFORM)),
  ];
  return links.filter((link): link is string => link !== null);
}
