import { isUniqueViolation, type SqlDatabase, type SqlExecutor } from "../../../db/sql";
import { recordLedgerEntry } from "../../../orders/ledger";
import { lockOrder } from "../../../orders/order-lock";
import { deriveOrderStatus, outstandingAmount } from "../../../orders/order-status";
import { refreshOrderStatus, readOrderState } from "../../../orders/refresh-order-status";
import { activeReservation, releaseReservation, reserveOrder } from "../../../orders/reservation";
import { buildFiscalDetail, type FiscalSourceItem } from "../fiscal-detail";
import { recordReceiptFiscalData } from "../receipts/receipt-rows";
import { PaymeError, paymeErrorCodes as codes } from "./errors";
import type {
  CancelTransactionParams,
  CheckPerformTransactionParams,
  CreateTransactionParams,
  FiscalDetail,
  GetStatementParams,
  SetFiscalDataParams,
} from "./schemas";

/** Payme's transaction timeout: 12 hours after Payme's own `time`. */
export const PAYME_TIMEOUT_MS = 43_200_000n;

export const TransactionState = { created: 1, performed: 2, cancelled: -1, cancelledAfterPerform: -2 } as const;
export const CancelReason = { timeout: 4, refund: 5 } as const;

type TransactionRow = {
  id: number;
  paymeId: string;
  orderNumber: number;
  amount: bigint;
  account: string;
  paymeTime: bigint;
  createTime: bigint;
  performTime: bigint;
  cancelTime: bigint;
  state: number;
  reason: number | null;
  receivers: string | null;
};

const columns = `"id", "paymeId", "orderNumber", "amount", "account", "paymeTime", "createTime", "performTime", "cancelTime", "state", "reason", "receivers"`;

const aliasedColumns = columns.replace(/"(\w+)"/g, 't."$1"');

/** What the dispatcher needs besides the params. */
export type MerchantContext = {
  sql: SqlDatabase;
  /** The account field name (setting; default `order_id`). */
  accountField: string;
  now: () => number;
};

/**
 * Each method runs in one database transaction and returns either a result or a Payme error.
 * Errors are returned, not thrown, inside the transaction: a call that cancels an expired
 * transaction and then answers -31008 must still commit the cancellation.
 */
type Outcome<T> = { ok: true; result: T } | { ok: false; error: PaymeError };
const ok = <T>(result: T): Outcome<T> => ({ ok: true, result });
const fail = (code: number, data?: unknown): Outcome<never> => ({ ok: false, error: new PaymeError(code, data) });

async function run<T>(sql: SqlDatabase, fn: (tx: SqlExecutor) => Promise<Outcome<T>>): Promise<T> {
  const outcome = await sql.transaction(fn);
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}

/**
 * State 1 for more than 12 hours after Payme's `time` — unless the transaction belongs to a held
 * receipt (state 5): a hold is never expired by the 12-hour rule (DESIGN.md, "Reservation").
 */
async function isExpired(tx: SqlExecutor, row: TransactionRow, nowMs: number): Promise<boolean> {
  if (row.state !== TransactionState.created || BigInt(nowMs) - row.paymeTime <= PAYME_TIMEOUT_MS) return false;
  return !(await tx.get(`SELECT 1 AS "held" FROM "Reservation" WHERE "orderNumber" = ? AND "reference" = ? AND "held" = ?`, [
    row.orderNumber,
    row.paymeId,
    true,
  ], { held: "number" }));
}

/** The expiry condition in SQL, for sweeps over many transactions (same rule as `isExpired`). */
const expiredCondition = `t."state" = ? AND t."paymeTime" < ? AND NOT EXISTS (
  SELECT 1 FROM "Reservation" r WHERE r."orderNumber" = t."orderNumber" AND r."reference" = t."paymeId" AND r."held" = ?)`;
const expiredParams = (nowMs: number) => [TransactionState.created, BigInt(nowMs) - PAYME_TIMEOUT_MS, true] as const;

async function findTransaction(tx: SqlExecutor, paymeId: string): Promise<TransactionRow | undefined> {
  return tx.get<TransactionRow>(`SELECT ${columns} FROM "PaymeTransaction" WHERE "paymeId" = ?`, [paymeId]);
}

/** Cancels a state-1 transaction and releases its reservation (the order is payable again). */
async function cancelCreated(tx: SqlExecutor, row: TransactionRow, reason: number, nowMs: number): Promise<TransactionRow> {
  const changed = await tx.run(
    `UPDATE "PaymeTransaction" SET "state" = ?, "reason" = ?, "cancelTime" = ? WHERE "id" = ? AND "state" = ?`,
    [TransactionState.cancelled, reason, BigInt(nowMs), row.id, TransactionState.created],
  );
  if (changed.changes === 1) {
    await releaseReservation(tx, row.orderNumber, "payme", row.paymeId);
    await refreshOrderStatus(tx, row.orderNumber, nowMs);
  }
  return (await findTransaction(tx, row.paymeId))!;
}

/** Cancels (reason 4) every expired state-1 transaction of the order. Call under the order lock. */
export async function cancelExpiredOfOrder(tx: SqlExecutor, orderNumber: number, nowMs: number): Promise<number> {
  const expired = await tx.all<TransactionRow>(
    `SELECT ${aliasedColumns} FROM "PaymeTransaction" t WHERE t."orderNumber" = ? AND ${expiredCondition}`,
    [orderNumber, ...expiredParams(nowMs)],
  );
  for (const row of expired) await cancelCreated(tx, row, CancelReason.timeout, nowMs);
  return expired.length;
}

/**
 * The periodic sweep: cancels (reason 4) transactions nobody touched for 12 hours, one order
 * per database transaction.
 */
export async function sweepExpiredTransactions(sql: SqlDatabase, nowMs: number): Promise<number> {
  const orders = await sql.all<{ orderNumber: number }>(
    `SELECT DISTINCT t."orderNumber" FROM "PaymeTransaction" t WHERE ${expiredCondition}`,
    [...expiredParams(nowMs)],
  );
  let cancelled = 0;
  for (const { orderNumber } of orders) {
    cancelled += await sql.transaction(async (tx) => {
      await lockOrder(tx, orderNumber);
      return cancelExpiredOfOrder(tx, orderNumber, nowMs);
    });
  }
  return cancelled;
}

/** `account[field]` → an order number, or -31050 naming the field. */
function orderNumberFrom(account: Record<string, unknown>, field: string): number | PaymeError {
  const raw = account[field];
  const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) return new PaymeError(codes.orderNotFound, field);
  return Number(text);
}

type PayabilityCheck = { ok: true; outstanding: bigint } | { ok: false; code: number; data?: unknown };

/**
 * The checks shared by CheckPerformTransaction and CreateTransaction (new id), in the protocol
 * file's order. Runs under the order lock, after expired transactions were cancelled.
 */
async function checkPayable(
  tx: SqlExecutor,
  orderNumber: number,
  amount: number,
  accountField: string,
  nowMs: number,
  reservedCode: number,
): Promise<PayabilityCheck> {
  const order = await readOrderState(tx, orderNumber);
  if (!order) return { ok: false, code: codes.orderNotFound, data: accountField };
  const status = deriveOrderStatus(order, nowMs);
  if (status === "cancelled" || status === "paid" || status === "refunded" || status === "partially_refunded") {
    return { ok: false, code: codes.orderNotPayable, data: accountField };
  }
  const outstanding = outstandingAmount(order);
  if (BigInt(amount) !== outstanding) return { ok: false, code: codes.invalidAmount, data: "amount" };
  if (await activeReservation(tx, orderNumber, nowMs)) return { ok: false, code: reservedCode, data: accountField };
  return { ok: true, outstanding };
}

async function fiscalItems(tx: SqlExecutor, orderNumber: number): Promise<FiscalSourceItem[]> {
  return tx.all<FiscalSourceItem>(
    `SELECT "title", "quantity", "unitPrice", "code", "packageCode", "vatPercent", "units" FROM "OrderItem" WHERE "orderNumber" = ? ORDER BY "position", "id"`,
    [orderNumber],
  );
}

export async function checkPerformTransaction(
  ctx: MerchantContext,
  params: CheckPerformTransactionParams,
): Promise<{ allow: true; detail: FiscalDetail }> {
  const orderNumber = orderNumberFrom(params.account, ctx.accountField);
  if (orderNumber instanceof PaymeError) throw orderNumber;
  return run(ctx.sql, async (tx) => {
    const nowMs = ctx.now();
    if (!(await lockOrder(tx, orderNumber))) return fail(codes.orderNotFound, ctx.accountField);
    await cancelExpiredOfOrder(tx, orderNumber, nowMs);
    const check = await checkPayable(tx, orderNumber, params.amount, ctx.accountField, nowMs, codes.orderNotPayable);
    if (!check.ok) return fail(check.code, check.data);
    return ok({ allow: true as const, detail: buildFiscalDetail(await fiscalItems(tx, orderNumber), check.outstanding) });
  });
}

export async function createTransaction(
  ctx: MerchantContext,
  params: CreateTransactionParams,
): Promise<{ create_time: number; transaction: string; state: number }> {
  try {
    return await createTransactionOnce(ctx, params);
  } catch (error) {
    // Two Creates with one id but different accounts lock different orders; the unique index
    // lets one insert. The other, run again, finds that transaction and answers as for a repeat.
    if (!isUniqueViolation(error)) throw error;
    return createTransactionOnce(ctx, params);
  }
}

async function createTransactionOnce(
  ctx: MerchantContext,
  params: CreateTransactionParams,
): Promise<{ create_time: number; transaction: string; state: number }> {
  const fromAccount = orderNumberFrom(params.account, ctx.accountField);
  return run(ctx.sql, async (tx) => {
    const nowMs = ctx.now();
    // Lock the order first: concurrent duplicates of one Create then take turns, and the
    // later ones find the transaction the first one inserted.
    const orderExists = !(fromAccount instanceof PaymeError) && (await lockOrder(tx, fromAccount));
    let existing = await findTransaction(tx, params.id);
    if (existing) {
      if (existing.orderNumber !== fromAccount) {
        await lockOrder(tx, existing.orderNumber);
        existing = (await findTransaction(tx, params.id))!;
      }
      if (existing.state !== TransactionState.created) return fail(codes.cannotPerform);
      if (await isExpired(tx, existing, nowMs)) {
        await cancelCreated(tx, existing, CancelReason.timeout, nowMs);
        return fail(codes.cannotPerform);
      }
      return ok({ create_time: Number(existing.createTime), transaction: String(existing.id), state: existing.state });
    }
    if (fromAccount instanceof PaymeError) return { ok: false, error: fromAccount };
    if (!orderExists) return fail(codes.orderNotFound, ctx.accountField);
    await cancelExpiredOfOrder(tx, fromAccount, nowMs);
    const check = await checkPayable(tx, fromAccount, params.amount, ctx.accountField, nowMs, codes.cannotPerform);
    if (!check.ok) return fail(check.code, check.data);
    if (BigInt(nowMs) - BigInt(params.time) > PAYME_TIMEOUT_MS) return fail(codes.cannotPerform);

    const createTime = BigInt(nowMs);
    const inserted = await tx.get<{ id: number }>(
      `INSERT INTO "PaymeTransaction" ("paymeId", "orderNumber", "amount", "account", "paymeTime", "createTime", "state")
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
      [params.id, fromAccount, BigInt(params.amount), JSON.stringify(params.account), BigInt(params.time), createTime, TransactionState.created],
    );
    await reserveOrder(tx, {
      orderNumber: fromAccount,
      provider: "payme",
      kind: "payme_transaction",
      reference: params.id,
      expiresAt: BigInt(params.time) + PAYME_TIMEOUT_MS,
    });
    await refreshOrderStatus(tx, fromAccount, nowMs);
    return ok({ create_time: Number(createTime), transaction: String(inserted!.id), state: TransactionState.created });
  });
}

/** Finds the transaction and takes its order's lock, then reads it again (it may have changed). */
async function lockedTransaction(tx: SqlExecutor, paymeId: string): Promise<TransactionRow | undefined> {
  const row = await findTransaction(tx, paymeId);
  if (!row) return undefined;
  await lockOrder(tx, row.orderNumber);
  return findTransaction(tx, paymeId);
}

export async function performTransaction(
  ctx: MerchantContext,
  params: { id: string },
): Promise<{ transaction: string; perform_time: number; state: number }> {
  return run(ctx.sql, async (tx) => {
    const nowMs = ctx.now();
    const row = await lockedTransaction(tx, params.id);
    if (!row) return fail(codes.transactionNotFound);
    if (row.state === TransactionState.created) {
      if (await isExpired(tx, row, nowMs)) {
        await cancelCreated(tx, row, CancelReason.timeout, nowMs);
        return fail(codes.cannotPerform);
      }
      const performTime = BigInt(nowMs);
      await tx.run(
        `UPDATE "PaymeTransaction" SET "state" = ?, "performTime" = ? WHERE "id" = ? AND "state" = ?`,
        [TransactionState.performed, performTime, row.id, TransactionState.created],
      );
      await releaseReservation(tx, row.orderNumber, "payme", row.paymeId);
      await recordLedgerEntry(
        tx,
        { orderNumber: row.orderNumber, kind: "payment", provider: "payme", reference: row.paymeId, amount: row.amount, at: new Date(nowMs) },
        nowMs,
      );
      return ok({ transaction: String(row.id), perform_time: Number(performTime), state: TransactionState.performed });
    }
    if (row.state === TransactionState.performed) {
      return ok({ transaction: String(row.id), perform_time: Number(row.performTime), state: row.state });
    }
    return fail(codes.cannotPerform);
  });
}

export async function cancelTransaction(
  ctx: MerchantContext,
  params: CancelTransactionParams,
): Promise<{ transaction: string; cancel_time: number; state: number }> {
  return run(ctx.sql, async (tx) => {
    const nowMs = ctx.now();
    let row = await lockedTransaction(tx, params.id);
    if (!row) return fail(codes.transactionNotFound);
    if (row.state === TransactionState.created) {
      row = await cancelCreated(tx, row, (await isExpired(tx, row, nowMs)) ? CancelReason.timeout : params.reason, nowMs);
    } else if (row.state === TransactionState.performed) {
      // A fulfilled order's payment is refunded only with the merchant's approval — unless the
      // refund is already in our ledger (the receipt was cancelled elsewhere): then Payme's
      // CancelTransaction only catches up with it.
      const blocked = await tx.get<{ fulfilledAt: unknown; refundApprovedAt: unknown; refunded: unknown }>(
        `SELECT o."fulfilledAt", l."refundApprovedAt", r."id" AS "refunded" FROM "Order" o
           LEFT JOIN "LedgerEntry" l ON l."kind" = 'payment' AND l."provider" = 'payme' AND l."reference" = ?
           LEFT JOIN "LedgerEntry" r ON r."kind" = 'refund' AND r."provider" = 'payme' AND r."reference" = ?
          WHERE o."number" = ?`,
        [row.paymeId, row.paymeId, row.orderNumber],
      );
      if (blocked?.fulfilledAt && !blocked.refundApprovedAt && !blocked.refunded) return fail(codes.cannotCancel);
      await tx.run(
        `UPDATE "PaymeTransaction" SET "state" = ?, "reason" = ?, "cancelTime" = ? WHERE "id" = ? AND "state" = ?`,
        [TransactionState.cancelledAfterPerform, params.reason, BigInt(nowMs), row.id, TransactionState.performed],
      );
      await recordLedgerEntry(
        tx,
        { orderNumber: row.orderNumber, kind: "refund", provider: "payme", reference: row.paymeId, amount: row.amount, at: new Date(nowMs) },
        nowMs,
      );
      row = (await findTransaction(tx, params.id))!;
    }
    return ok({ transaction: String(row.id), cancel_time: Number(row.cancelTime), state: row.state });
  });
}

export async function checkTransaction(ctx: MerchantContext, params: { id: string }) {
  return run(ctx.sql, async (tx) => {
    const nowMs = ctx.now();
    let row = await findTransaction(tx, params.id);
    if (!row) return fail(codes.transactionNotFound);
    if (row.state === TransactionState.created && BigInt(nowMs) - row.paymeTime > PAYME_TIMEOUT_MS) {
      // Possibly expired: decide under the order's lock (a hold may have been recorded meanwhile).
      row = (await lockedTransaction(tx, params.id))!;
      if (await isExpired(tx, row, nowMs)) row = await cancelCreated(tx, row, CancelReason.timeout, nowMs);
    }
    return ok({
      create_time: Number(row.createTime),
      perform_time: Number(row.performTime),
      cancel_time: Number(row.cancelTime),
      transaction: String(row.id),
      state: row.state,
      reason: row.reason,
    });
  });
}

export async function getStatement(ctx: MerchantContext, params: GetStatementParams) {
  const rows = await ctx.sql.all<TransactionRow>(
    `SELECT ${columns} FROM "PaymeTransaction" WHERE "paymeTime" >= ? AND "paymeTime" <= ? ORDER BY "paymeTime", "id"`,
    [BigInt(params.from), BigInt(params.to)],
  );
  return {
    transactions: rows.map((row) => ({
      id: row.paymeId,
      time: Number(row.paymeTime),
      amount: Number(row.amount),
      account: JSON.parse(row.account) as Record<string, unknown>,
      create_time: Number(row.createTime),
      perform_time: Number(row.performTime),
      cancel_time: Number(row.cancelTime),
      transaction: String(row.id),
      state: row.state,
      reason: row.reason,
      receivers: row.receivers ? (JSON.parse(row.receivers) as unknown) : null,
    })),
  };
}

export async function setFiscalData(ctx: MerchantContext, params: SetFiscalDataParams) {
  const column = params.type === "PERFORM" ? `"fiscalPerform"` : `"fiscalCancel"`;
  const result = await ctx.sql.run(`UPDATE "PaymeTransaction" SET ${column} = ? WHERE "paymeId" = ?`, [
    JSON.stringify(params.fiscal_data),
    params.id,
  ]);
  // Without billing there is no Merchant API transaction: the id is a Subscribe receipt of ours.
  // Its fiscal data is merged (PERFORM, CANCEL) under the order's lock, so two calls keep both.
  if (result.changes === 0) {
    const recorded = await ctx.sql.transaction(async (tx) => {
      const receipt = await tx.get<{ orderNumber: number }>(`SELECT "orderNumber" FROM "PaymeReceipt" WHERE "paymeId" = ?`, [params.id]);
      if (!receipt) return false;
      await lockOrder(tx, receipt.orderNumber);
      return recordReceiptFiscalData(tx, params.id, params.type, params.fiscal_data);
    });
    if (!recorded) throw new PaymeError(codes.fiscalTransactionNotFound);
  }
  return { success: true as const };
}
