import type { SqlExecutor } from "../../../db/sql";
import type { ProviderAttempt } from "../../provider";
import { paymeReceiptsOf } from "./receipt-attempts";

type TransactionRow = {
  id: number;
  paymeId: string;
  amount: bigint | number | string;
  createTime: bigint | number | string;
  performTime: bigint | number | string;
  cancelTime: bigint | number | string;
  state: number;
  reason: number | null;
  fiscalPerform: string | null;
  fiscalCancel: string | null;
};

/** Merchant API transaction states (protocol file) as the admin names them. */
const stateNames: Record<number, string> = { 1: "created", 2: "performed", [-1]: "cancelled", [-2]: "refunded" };

function fiscalOf(raw: string | null, kind: "perform" | "cancel"): ProviderAttempt["fiscal"] {
  if (!raw) return [];
  try {
    const data = JSON.parse(raw) as { qr_code_url?: unknown; receipt_id?: unknown };
    const url = typeof data.qr_code_url === "string" && /^https?:\/\//.test(data.qr_code_url) ? data.qr_code_url : null;
    return [{ kind, url, receiptId: data.receipt_id === undefined ? null : String(data.receipt_id) }];
  } catch {
    return [];
  }
}

/** The order's Merchant API transactions (Payme's hosted checkout), each with its state history. */
async function paymeTransactionsOf(sql: SqlExecutor, orderNumber: number): Promise<ProviderAttempt[]> {
  const rows = await sql.all<TransactionRow>(
    `SELECT "id", "paymeId", "amount", "createTime", "performTime", "cancelTime", "state", "reason", "fiscalPerform", "fiscalCancel"
       FROM "PaymeTransaction" WHERE "orderNumber" = ? ORDER BY "id" DESC`,
    [orderNumber],
  );
  return rows.map((row) => {
    const state = Number(row.state);
    const history: ProviderAttempt["history"] = [{ at: new Date(Number(row.createTime)), state: "created" }];
    if (Number(row.performTime) > 0) history.push({ at: new Date(Number(row.performTime)), state: "performed" });
    if (Number(row.cancelTime) > 0) {
      history.push({ at: new Date(Number(row.cancelTime)), state: state === -2 ? "refunded" : "cancelled", note: row.reason === null ? undefined : `payme.cancelReason.${row.reason}` });
    }
    return {
      provider: "payme",
      reference: row.paymeId,
      ourId: String(row.id),
      amount: BigInt(row.amount),
      state: stateNames[state] ?? String(state),
      history,
      fiscal: [...fiscalOf(row.fiscalPerform, "perform"), ...fiscalOf(row.fiscalCancel, "cancel")],
    };
  });
}

/** Every Payme attempt of the order: Merchant API transactions, then Subscribe receipts, newest first. */
export async function paymeAttempts(sql: SqlExecutor, orderNumber: number): Promise<ProviderAttempt[]> {
  const [transactions, receipts] = await Promise.all([paymeTransactionsOf(sql, orderNumber), paymeReceiptsOf(sql, orderNumber)]);
  return [...transactions, ...receipts];
}
