import type { SqlExecutor } from "../../../db/sql";
import type { ProviderAttempt } from "../../provider";
import { receiptRowsOfOrder } from "../receipts/receipt-rows";

type TransactionEvent = ProviderAttempt["history"][number];

/** Payme receipt states as the admin names them (message keys `receipt.<name>`). */
function stateName(state: number): string {
  switch (state) {
    case 0:
      return "created";
    case 4:
      return "paid";
    case 5:
    case 6:
      return "held";
    case 20:
      return "paused";
    case 21:
      return "cancelling";
    case 50:
      return "cancelled";
    default:
      return "processing";
  }
}

function fiscalLinks(raw: string | null): ProviderAttempt["fiscal"] {
  if (!raw) return [];
  try {
    const data = JSON.parse(raw) as Record<string, { qr_code_url?: unknown; receipt_id?: unknown } | undefined>;
    return (["PERFORM", "CANCEL"] as const).flatMap((type) => {
      const fiscal = data[type];
      if (!fiscal) return [];
      const url = typeof fiscal.qr_code_url === "string" && /^https?:\/\//.test(fiscal.qr_code_url) ? fiscal.qr_code_url : null;
      return [{ kind: type === "PERFORM" ? ("perform" as const) : ("cancel" as const), url, receiptId: fiscal.receipt_id === undefined ? null : String(fiscal.receipt_id) }];
    });
  } catch {
    return [];
  }
}

/** The order's Payme Subscribe receipts (card form, holds, SMS invoices) with their state history. */
export async function paymeReceiptsOf(sql: SqlExecutor, orderNumber: number): Promise<(ProviderAttempt & { holdLapsesAt: Date | null; invoicePhone: string | null })[]> {
  const rows = await receiptRowsOfOrder(sql, orderNumber);
  return rows.reverse().map((row) => {
    const history: TransactionEvent[] = [{ at: new Date(row.createTime), state: "receipt.created" }];
    if (row.heldAt) history.push({ at: new Date(row.heldAt), state: "receipt.held" });
    if (row.payTime > 0) history.push({ at: new Date(row.payTime), state: "receipt.paid" });
    if (row.cancelTime > 0) history.push({ at: new Date(row.cancelTime), state: "receipt.cancelled" });
    history.sort((a, b) => a.at.getTime() - b.at.getTime());
    return {
      provider: "payme",
      reference: row.paymeId,
      ourId: `receipt ${row.id}`,
      amount: row.amount,
      state: `receipt.${stateName(row.state)}`,
      history,
      fiscal: fiscalLinks(row.fiscalData),
      holdLapsesAt: row.holdLapsesAt === null ? null : new Date(row.holdLapsesAt),
      invoicePhone: row.invoicePhone,
    };
  });
}
