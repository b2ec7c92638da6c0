import { isUniqueViolation, type SqlDatabase, type SqlExecutor } from "../../../db/sql";
import { registerLapseRule, settle, type LockedOrder, type PayableCheck, type SettlementSession } from "../../../orders/settlement";
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
  /** The call's log line (lib/log/events.ts): its order number is set once the transaction is found. */
  trace?: { orderNumber?: number; reference?: string };
};

/**
 * Each method runs in one settlement (one database transaction) and returns either a result or a
 * Payme error. Errors are returned, not thrown, inside the transaction: a call that cancels an
 * expired transaction and then answers -31008 must still commit the cancellation.
 */
type Outcome<T> = { ok: true; result: T } | { ok: false; error: PaymeError };
const ok = <T>(result: T): Outcome<T> => ({ ok: true, result });
const fail = (code: number, data?: unknown): Outcome<never> => ({ ok: false, error: new PaymeError(code, data) });

async function run<T>(ctx: MerchantContext, fn: (session: SettlementSession) => Promise<Outcome<T>>): Promise<T> {
  const outcome = await settle(ctx.sql, fn, { now: ctx.now });
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}

/** Integer columns come back as bigint or number depending on the driver and column: normalize. */
function toTransaction(raw: TransactionRow | undefined): TransactionRow | undefined {
  if (!raw) return undefined;
  return {
    ...raw,
    id: Number(raw.id),
    orderNumber: Number(raw.orderNumber),
    amount: BigInt(raw.amount),
    paymeTime: BigInt(raw.paymeTime),
    createTime: BigInt(raw.createTime),
    performTime: BigInt(raw.performTime),
    cancelTime: BigInt(raw.cancelTime),
    state: Number(raw.state),
    reason: raw.reason === null ? null : Number(raw.reason),
  };
}

/**
 * State 1 for more than 12 hours after Payme's `time` — unless the transaction belongs to a held
 * receipt (state 5): a hold is never expired by the 12-hour rule (DESIGN.md, "Reservation").
 * Judged on the locked order, whose reservation was read with the lock.
 */
function isExpired(order: LockedOrder, row: TransactionRow): boolean {
  if (row.state !== TransactionState.created || BigInt(order.nowMs) - row.paymeTime <= PAYME_TIMEOUT_MS) return false;
  const reservation = order.reservation;
  return !(reservation && reservation.held && reservation.reference === row.paymeId);
}

/** The expiry condition in SQL, for sweeps over many transactions (same rule as `isExpired`). */
const expiredCondition = `t."state" = ? AND t."paymeTime" < ? AND NOT EXISTS (
  SELECT 1 FROM "Reservation" r WHERE r."orderNumber" = t."orderNumber" AND r."reference" = t."paymeId" AND r."held" = ?)`;
const expiredParams = (nowMs: number) => [TransactionState.created, BigInt(nowMs) - PAYME_TIMEOUT_MS, true] as const;

const findSql = `SELECT ${columns} FROM "PaymeTransaction" WHERE "paymeId" = ?`;
const cancelCreatedSql = `UPDATE "PaymeTransaction" SET "state" = ?, "reason" = ?, "cancelTime" = ? WHERE "id" = ? AND "state" = ?`;
const performSql = `UPDATE "PaymeTransaction" SET "state" = ?, "performTime" = ? WHERE "id" = ? AND "state" = ?`;
const cancelPerformedSql = `UPDATE "PaymeTransaction" SET "state" = ?, "reason" = ?, "cancelTime" = ? WHERE "id" = ? AND "state" = ?`;
const expiredOfOrderSql = `SELECT ${aliasedColumns} FROM "PaymeTransaction" t WHERE t."orderNumber" = ? AND ${expiredCondition}`;
/** Nothing inserted (no row returned) when the id exists: Create's existence check. */
const insertSql = `INSERT INTO "PaymeTransaction" ("paymeId", "orderNumber", "amount", "account", "paymeTime", "createTime", "state")
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("paymeId") DO NOTHING RETURNING "id"`;

async function findTransaction(tx: SqlExecutor, paymeId: string): Promise<TransactionRow | undefined> {
  return toTransaction(await tx.get<TransactionRow>(findSql, [paymeId]));
}

/**
 * Cancels a state-1 transaction and releases its reservation (the order is payable again).
 * Returns the row as it is now (re-read only when another writer changed it first).
 */
async function cancelCreated(tx: SqlExecutor, order: LockedOrder, row: TransactionRow, reason: number): Promise<TransactionRow> {
  const cancelTime = BigInt(order.nowMs);
  const changed = await tx.run(cancelCreatedSql, [TransactionState.cancelled, reason, cancelTime, row.id, TransactionState.created]);
  if (changed.changes !== 1) return (await findTransaction(tx, row.paymeId))!;
  await order.release("payme", row.paymeId);
  return { ...row, state: TransactionState.cancelled, reason, cancelTime };
}

/** Cancels (reason 4) every expired state-1 transaction of the locked order. */
export async function cancelExpiredOfOrder(tx: SqlExecutor, order: LockedOrder): Promise<number> {
  const expired = await tx.all<TransactionRow>(expiredOfOrderSql, [order.number, ...expiredParams(order.nowMs)]);
  for (const row of expired) await cancelCreated(tx, order, toTransaction(row)!, CancelReason.timeout);
  return expired.length;
}

/**
 * Payme's lapse rule for the settlement core (lib/orders/settlement.ts): when a Payme attempt
 * reserves an order, any call that touches the order cancels its expired state-1 transactions
 * with reason 4 (DESIGN.md "Reservation"). Registered here until the provider registry
 * registers every provider's rule.
 */
export async function paymeLapseRule(order: LockedOrder, tx: SqlExecutor): Promise<void> {
  await cancelExpiredOfOrder(tx, order);
}
registerLapseRule("payme", paymeLapseRule);

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
    cancelled += await settle(
      sql,
      async (session) => {
        const order = await session.lock(Number(orderNumber), { lapse: false });
        return order ? cancelExpiredOfOrder(session.tx, order) : 0;
      },
      { now: () => nowMs },
    );
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

/**
 * The checks shared by CheckPerformTransaction and CreateTransaction (new id), in the protocol
 * file's order, on the locked order (expired transactions already cancelled by the lock).
 */
function payableFailure(check: PayableCheck & { ok: false }, accountField: string, reservedCode: number): Outcome<never> {
  switch (check.reason) {
    case "amount":
      return fail(codes.invalidAmount, "amount");
    case "reserved":
      return fail(reservedCode, accountField);
    default:
      return fail(codes.orderNotPayable, accountField);
  }
}

const fiscalItemsSql = `SELECT "title", "quantity", "unitPrice", "code", "packageCode", "vatPercent", "units" FROM "OrderItem" WHERE "orderNumber" = ? ORDER BY "position", "id"`;

async function fiscalItems(tx: SqlExecutor, orderNumber: number): Promise<FiscalSourceItem[]> {
  return tx.all<FiscalSourceItem>(fiscalItemsSql, [orderNumber]);
}

export async function checkPerformTransaction(
  ctx: MerchantContext,
  params: CheckPerformTransactionParams,
): Promise<{ allow: true; detail: FiscalDetail }> {
  const orderNumber = orderNumberFrom(params.account, ctx.accountField);
  if (orderNumber instanceof PaymeError) throw orderNumber;
  return run(ctx, async (session) => {
    const order = await session.lock(orderNumber);
    if (!order) return fail(codes.orderNotFound, ctx.accountField);
    const check = order.checkPayable(BigInt(params.amount));
    if (!check.ok) return payableFailure(check, ctx.accountField, codes.orderNotPayable);
    return ok({ allow: true as const, detail: buildFiscalDetail(await fiscalItems(session.tx, orderNumber), check.outstanding) });
  });
}

export async function createTransaction(
  ctx: MerchantContext,
  params: CreateTransactionParams,
): Promise<{ create_time: number; transaction: string; state: number }> {
  try {
    return await createTransactionOnce(ctx, params);
  } catch (error) {
    // The insert's ON CONFLICT covers a repeated id; kept for any other unique index a
    // concurrent Create may meet first: run again, it answers from what is there then.
    if (!isUniqueViolation(error)) throw error;
    return createTransactionOnce(ctx, params);
  }
}

async function createTransactionOnce(
  ctx: MerchantContext,
  params: CreateTransactionParams,
): Promise<{ create_time: number; transaction: string; state: number }> {
  const fromAccount = orderNumberFrom(params.account, ctx.accountField);
  return run(ctx, async (session) => {
    const { tx, nowMs } = session;
    // Lock the order first: concurrent duplicates of one Create then take turns, and the
    // later ones find the transaction the first one inserted.
    const accountOrder = fromAccount instanceof PaymeError ? undefined : await session.lock(fromAccount);
    const check = accountOrder?.checkPayable(BigInt(params.amount));
    const timedOut = BigInt(nowMs) - BigInt(params.time) > PAYME_TIMEOUT_MS;
    if (accountOrder && check?.ok && !timedOut) {
      // A new id on a payable order (the usual Create): the insert is the existence check — a
      // repeat of an id (ON CONFLICT: nothing inserted) is answered from the row below.
      const createTime = BigInt(nowMs);
      const inserted = await tx.get<{ id: number }>(insertSql, [
        params.id,
        accountOrder.number,
        BigInt(params.amount),
        JSON.stringify(params.account),
        BigInt(params.time),
        createTime,
        TransactionState.created,
      ]);
      if (inserted) {
        await accountOrder.reserve({
          provider: "payme",
          kind: "payme_transaction",
          reference: params.id,
          expiresAt: BigInt(params.time) + PAYME_TIMEOUT_MS,
        });
        return ok({ create_time: Number(createTime), transaction: String(inserted.id), state: TransactionState.created });
      }
    }
    let existing = await findTransaction(tx, params.id);
    if (existing) {
      const order = (await session.lock(existing.orderNumber))!;
      if (existing.orderNumber !== fromAccount) existing = (await findTransaction(tx, params.id))!;
      if (existing.state !== TransactionState.created) return fail(codes.cannotPerform);
      if (isExpired(order, existing)) {
        await cancelCreated(tx, order, existing, CancelReason.timeout);
        return fail(codes.cannotPerform);
      }
      return ok({ create_time: Number(existing.createTime), transaction: String(existing.id), state: existing.state });
    }
    if (fromAccount instanceof PaymeError) return { ok: false, error: fromAccount };
    if (!accountOrder || !check) return fail(codes.orderNotFound, ctx.accountField);
    if (!check.ok) return payableFailure(check, ctx.accountField, codes.cannotPerform);
    if (timedOut) return fail(codes.cannotPerform);
    // The insert met a row with this id, yet none is there: not a state this code leaves.
    throw new Error(`CreateTransaction ${params.id}: the insert conflicted but no transaction has this id`);
  });
}

/**
 * Finds the transaction and takes its order's lock in one read (`session.lockFor`: the row is
 * read with the lock held, so it is current), without the lapse rules: the caller judges this
 * transaction's own expiry. Changes still go through conditional updates.
 */
async function lockedTransaction(session: SettlementSession, paymeId: string): Promise<{ row: TransactionRow; order: LockedOrder } | undefined> {
  const found = await session.lockFor<TransactionRow>(findSql, [paymeId], { lapse: false });
  return found && { row: toTransaction(found.row)!, order: found.order };
}

export async function performTransaction(
  ctx: MerchantContext,
  params: { id: string },
): Promise<{ transaction: string; perform_time: number; state: number }> {
  return run(ctx, async (session) => {
    const { tx, nowMs } = session;
    const found = await lockedTransaction(session, params.id);
    if (!found) return fail(codes.transactionNotFound);
    if (ctx.trace) ctx.trace.orderNumber = found.row.orderNumber;
    const { order } = found;
    let row = found.row;
    if (row.state === TransactionState.created) {
      if (isExpired(order, row)) {
        await cancelCreated(tx, order, row, CancelReason.timeout);
        return fail(codes.cannotPerform);
      }
      const performTime = BigInt(nowMs);
      const changed = await tx.run(performSql, [TransactionState.performed, performTime, row.id, TransactionState.created]);
      if (changed.changes === 1) {
        await order.release("payme", row.paymeId);
        await order.recordPayment({ provider: "payme", reference: row.paymeId, amount: row.amount, at: new Date(nowMs) });
        return ok({ transaction: String(row.id), perform_time: Number(performTime), state: TransactionState.performed });
      }
      // Changed by another call before we held the lock: answer from what it is now.
      row = (await findTransaction(tx, params.id))!;
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
  return run(ctx, async (session) => {
    const { tx, nowMs } = session;
    const found = await lockedTransaction(session, params.id);
    if (!found) return fail(codes.transactionNotFound);
    if (ctx.trace) ctx.trace.orderNumber = found.row.orderNumber;
    const { order } = found;
    let row = found.row;
    if (row.state === TransactionState.created) {
      row = await cancelCreated(tx, order, row, isExpired(order, row) ? CancelReason.timeout : params.reason);
    }
    if (row.state === TransactionState.performed) {
      // A fulfilled order's payment is refunded only with the merchant's approval — unless the
      // refund is already in our ledger (the receipt was cancelled elsewhere): then Payme's
      // CancelTransaction only catches up with it. Payme refunds whole payments under their id.
      const refund = await order.recordRefund({
        provider: "payme",
        reference: row.paymeId,
        refundOf: row.paymeId,
        amount: row.amount,
        at: new Date(nowMs),
      });
      if (!refund.ok) return fail(codes.cannotCancel);
      const cancelTime = BigInt(nowMs);
      const changed = await tx.run(cancelPerformedSql, [TransactionState.cancelledAfterPerform, params.reason, cancelTime, row.id, TransactionState.performed]);
      row = changed.changes === 1 ? { ...row, state: TransactionState.cancelledAfterPerform, reason: params.reason, cancelTime } : (await findTransaction(tx, params.id))!;
    }
    return ok({ transaction: String(row.id), cancel_time: Number(row.cancelTime), state: row.state });
  });
}

export async function checkTransaction(ctx: MerchantContext, params: { id: string }) {
  // A plain read, outside any transaction: only a possibly expired one needs the order's lock.
  let row = await findTransaction(ctx.sql, params.id);
  if (!row) throw new PaymeError(codes.transactionNotFound);
  if (ctx.trace) ctx.trace.orderNumber = row.orderNumber;
  if (row.state === TransactionState.created && BigInt(ctx.now()) - row.paymeTime > PAYME_TIMEOUT_MS) {
    // Possibly expired: decide under the order's lock (a hold may have been recorded meanwhile).
    row = await run(ctx, async (session) => {
      const { order, row: current } = (await lockedTransaction(session, params.id))!;
      return ok(isExpired(order, current) ? await cancelCreated(session.tx, order, current, CancelReason.timeout) : current);
    });
  }
  return {
    create_time: Number(row.createTime),
    perform_time: Number(row.performTime),
    cancel_time: Number(row.cancelTime),
    transaction: String(row.id),
    state: row.state,
    reason: row.reason,
  };
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
    const recorded = await settle(ctx.sql, async (session) => {
      const receipt = await session.tx.get<{ orderNumber: number }>(`SELECT "orderNumber" FROM "PaymeReceipt" WHERE "paymeId" = ?`, [params.id]);
      if (!receipt) return false;
      await session.lock(Number(receipt.orderNumber), { lapse: false });
      return recordReceiptFiscalData(session.tx, params.id, params.type, params.fiscal_data);
    });
    if (!recorded) throw new PaymeError(codes.fiscalTransactionNotFound);
  }
  return { success: true as const };
}
