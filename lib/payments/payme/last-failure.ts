import type { SqlExecutor } from "../../db/sql";
import type { AttemptFailure } from "../provider";
import { paymeText } from "./messages";
import { subscribeErrorMessage } from "./subscribe/errors";
import { ReceiptState } from "./subscribe/schemas";

type ReceiptAttempt = { state: number; lastErrorCode: number | null; payingSince: bigint | number | null; createTime: bigint | number };
type TransactionAttempt = { state: number; createTime: bigint | number };

// The card form's attempts: receipts.pay failures keep Payme's code on the receipt (pay-receipt.ts).
const newestReceiptSql = `SELECT "state", "lastErrorCode", "payingSince", "createTime" FROM "PaymeReceipt"
  WHERE "orderNumber" = ? ORDER BY "createTime" DESC, "id" DESC LIMIT 1`;

// Payme's own page: Merchant API transactions that are not a card-form receipt's (on a cashbox
// with billing, a receipt's transaction has the receipt's id; the receipt tells that attempt).
const newestCheckoutTransactionSql = `SELECT t."state", t."createTime" FROM "PaymeTransaction" t
  WHERE t."orderNumber" = ? AND NOT EXISTS (SELECT 1 FROM "PaymeReceipt" r WHERE r."paymeId" = t."paymeId")
  ORDER BY t."createTime" DESC, t."id" DESC LIMIT 1`;

/** Receipt states after which the receipt can no longer take money (never paid, never held). */
const UNPAID_STATES = new Set<number>([ReceiptState.created, ReceiptState.cancelled]);

/**
 * Payme's newest attempt at paying an order (the card form's receipt or a transaction from
 * Payme's page, whichever started last), when it failed: a receipt Payme refused to pay (its
 * Subscribe code, localized like the card form's message) or a transaction cancelled before it
 * was performed (state -1). `null` otherwise — also while a payment is running.
 */
export async function paymeLastFailure({ sql, orderNumber }: { sql: SqlExecutor; orderNumber: number }): Promise<AttemptFailure | null> {
  const receipt = await sql.get<ReceiptAttempt>(newestReceiptSql, [orderNumber]);
  const transaction = await sql.get<TransactionAttempt>(newestCheckoutTransactionSql, [orderNumber]);
  if (transaction && (!receipt || Number(transaction.createTime) > Number(receipt.createTime))) {
    return Number(transaction.state) === -1 ? { at: new Date(Number(transaction.createTime)), message: paymeText("attempt.checkoutFailed") } : null;
  }
  if (!receipt || receipt.lastErrorCode === null || receipt.payingSince !== null || !UNPAID_STATES.has(Number(receipt.state))) return null;
  return { at: new Date(Number(receipt.createTime)), message: subscribeErrorMessage(Number(receipt.lastErrorCode)) };
}
