import type { SqlDatabase, SqlExecutor } from "../../db/sql";
import { settle, type LockedOrder } from "../../orders/settlement";
import type { ClickAttempt, ClickEffect, ClickOrderSnapshot } from "./decide-callback";
import { clickErrorCodes, type ClickErrorCode } from "./errors";
import type { ClickCallbackState, ClickCallbackStore } from "./handle-callback";
import { completeAnswer, prepareAnswer, type ClickAnswer } from "./schemas";

/**
 * `ClickCallbackStore` on the settlement core (README "Wiring to the settlement core"): one
 * database transaction per callback, the order locked through `settle`, Click's own rows in the
 * `ClickPrepare` table, the order's money and reservation only through `LockedOrder`.
 * A duplicate waiting on the lock reads the stored attempt and gets the stored answer; the
 * ledger's unique (payment, click, click_trans_id) makes a payment exactly once in any case.
 */

export const CLICK_PROVIDER = "click";
export const CLICK_PREPARE_KIND = "click_prepare";

/** A stored row as both drivers return it (ids as text, times as Date or ISO text). */
export type ClickPrepareRow = {
  id: number | bigint;
  clickTransId: string;
  clickPaydocId: string;
  orderNumber: number | bigint;
  amount: bigint | number | string;
  state: string;
  windowEndsAt: bigint | number | string;
  completeError: number | bigint | null;
  endReason: string | null;
  preparedAt: unknown;
  endedAt: unknown;
};

const COLUMNS = `"id", "clickTransId", "clickPaydocId", "orderNumber", "amount", "state", "windowEndsAt", "completeError", "endReason", "preparedAt", "endedAt"`;
const byTransIdSql = `SELECT ${COLUMNS} FROM "ClickPrepare" WHERE "clickTransId" = ?`;
const byOrderSql = `SELECT ${COLUMNS} FROM "ClickPrepare" WHERE "orderNumber" = ? ORDER BY "id" DESC`;
const insertSql = `INSERT INTO "ClickPrepare" ("id", "clickTransId", "clickPaydocId", "orderNumber", "amount", "state", "windowEndsAt", "preparedAt")
  VALUES (?, ?, ?, ?, ?, 'prepared', ?, ?)`;
const endSql = `UPDATE "ClickPrepare" SET "state" = ?, "completeError" = ?, "endReason" = ?, "endedAt" = ? WHERE "clickTransId" = ? AND "state" = 'prepared'`;
const replacedSql = `UPDATE "ClickPrepare" SET "state" = 'cancelled', "endReason" = 'replaced', "endedAt" = ? WHERE "clickTransId" = ? AND "state" = 'prepared'`;
// PostgreSQL: the column's own sequence (safe across instances); SQLite: BEGIN IMMEDIATE holds the write lock.
const nextIdPostgresSql = `SELECT nextval(pg_get_serial_sequence('"ClickPrepare"', 'id')) AS "id"`;
const nextIdSqliteSql = `SELECT COALESCE(MAX("id"), 0) + 1 AS "id" FROM "ClickPrepare"`;


/** Order numbers as the store issues them (a positive INTEGER); anything else names no order. */
export function orderNumberOf(merchantTransId: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(merchantTransId)) return null;
  const number = Number(merchantTransId);
  return number <= 2_147_483_647 ? number : null;
}

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(typeof value === "bigint" ? Number(value) : (value as string | number));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The stored row as the decision layer sees it; the stored answers are rebuilt from it. */
export function attemptOf(row: ClickPrepareRow): ClickAttempt {
  const clickTransId = BigInt(row.clickTransId);
  const merchantTransId = String(row.orderNumber);
  const echo = { clickTransId, merchantTransId };
  const id = String(row.id);
  const completeError = row.completeError === null ? null : (Number(row.completeError) as ClickErrorCode);
  return {
    clickTransId,
    clickPaydocId: BigInt(row.clickPaydocId),
    merchantTransId,
    merchantPrepareId: id,
    amount: BigInt(row.amount),
    state: row.state === "confirmed" ? "confirmed" : row.state === "cancelled" ? "cancelled" : "prepared",
    prepareAnswer: prepareAnswer(clickErrorCodes.success, echo, id),
    // merchant_confirm_id is our attempt's id: one confirmation per attempt.
    completeAnswer: completeError === null ? null : completeAnswer(completeError, echo, completeError === clickErrorCodes.success ? id : null),
  };
}

function snapshotOf(order: LockedOrder): ClickOrderSnapshot {
  const reservation = order.reservation;
  return {
    number: String(order.number),
    status: order.status,
    outstanding: order.outstanding,
    cancelRequested: order.cancelRequested,
    reservation: reservation && { provider: reservation.provider, kind: reservation.kind, reference: reservation.reference, held: reservation.held },
  };
}

async function readAttempt(tx: SqlExecutor, clickTransId: bigint): Promise<ClickPrepareRow | undefined> {
  return tx.get<ClickPrepareRow>(byTransIdSql, [String(clickTransId)]);
}

async function nextId(tx: SqlExecutor): Promise<string> {
  const row = await tx.get<{ id: bigint | number | string }>(tx.kind === "postgresql" ? nextIdPostgresSql : nextIdSqliteSql, [], { id: "bigint" });
  return String(row!.id);
}

/** Writes the decision's effect: Click's row here, the order's side through the locked order. */
async function apply(tx: SqlExecutor, order: LockedOrder | undefined, effect: ClickEffect, nowMs: number): Promise<void> {
  const at = new Date(nowMs);
  switch (effect.kind) {
    case "none":
      return;
    case "reserve": {
      if (!order) throw new Error("click: reserve without a locked order");
      if (effect.replaces !== null) {
        // A shopper who retries is not locked out: the uncompleted Prepare gives way, its Complete then gets -9.
        await tx.run(replacedSql, [at, effect.replaces]);
        await order.release(CLICK_PROVIDER, effect.replaces, { onlyKind: CLICK_PREPARE_KIND, keepHeld: true });
      }
      const reserved = await order.reserve({
        provider: CLICK_PROVIDER,
        kind: CLICK_PREPARE_KIND,
        reference: String(effect.clickTransId),
        expiresAt: BigInt(effect.expiresAt),
      });
      // The decision saw the order free (or held by the replaced Prepare): anything else is a bug; roll back (-7).
      if (!reserved.ok) throw new Error(`click: the order is reserved by ${reserved.holder.provider}`);
      await tx.run(insertSql, [
        Number(effect.merchantPrepareId),
        String(effect.clickTransId),
        String(effect.clickPaydocId),
        order.number,
        effect.amount,
        BigInt(effect.expiresAt),
        at,
      ]);
      return;
    }
    case "cancel": {
      const reason = effect.answer.error === -4 ? "paid" : effect.releaseReservation || order === undefined ? "click_error" : "not_payable";
      await tx.run(endSql, ["cancelled", effect.answer.error, reason, at, String(effect.clickTransId)]);
      if (effect.releaseReservation && order) await order.release(CLICK_PROVIDER, String(effect.clickTransId), { onlyKind: CLICK_PREPARE_KIND });
      return;
    }
    case "record_payment": {
      if (!order) throw new Error("click: payment without a locked order");
      await order.recordPayment({ provider: CLICK_PROVIDER, reference: String(effect.clickTransId), amount: effect.amount, at });
      await tx.run(endSql, ["confirmed", effect.answer.error, "complete", at, String(effect.clickTransId)]);
      if (effect.releaseReservation) await order.release(CLICK_PROVIDER, String(effect.clickTransId), { onlyKind: CLICK_PREPARE_KIND });
      return;
    }
  }
}

/**
 * The store for `handleClickCallback`. Prepare locks the order `merchant_trans_id` names;
 * Complete the order of the stored attempt (or the named one when there is none). `now` is the
 * settlement's clock (ms), for tests that move time.
 */
export function createClickSettlementStore(sql: SqlDatabase, options: { now?: () => number } = {}): ClickCallbackStore {
  return {
    decide<A extends ClickAnswer>(
      key: { endpoint: "prepare" | "complete"; merchantTransId: string; clickTransId: bigint },
      decide: (state: ClickCallbackState) => { answer: A; effect: ClickEffect },
    ): Promise<A> {
      return settle(
        sql,
        async (session) => {
          const { tx } = session;
          // A known attempt: its row and its order, locked, in one read (read after the lock: a
          // concurrent duplicate that decided meanwhile is seen). Click has no lapse rule that
          // could change the row.
          const found = await session.lockFor<ClickPrepareRow>(byTransIdSql, [String(key.clickTransId)]);
          let order = found?.order;
          let row = found?.row;
          if (!found) {
            const orderNumber = orderNumberOf(key.merchantTransId);
            order = orderNumber === null ? undefined : await session.lock(orderNumber);
            // Read again under the lock: a concurrent duplicate Prepare may have stored it meanwhile.
            row = order ? await readAttempt(tx, key.clickTransId) : undefined;
          }
          const attempt = row ? attemptOf(row) : null;
          const newId = key.endpoint === "prepare" ? (attempt ? attempt.merchantPrepareId : order ? await nextId(tx) : "0") : (attempt?.merchantPrepareId ?? "0");
          const decision = decide({ order: order ? snapshotOf(order) : null, attempt, newId });
          await apply(tx, order, decision.effect, session.nowMs);
          return decision.answer;
        },
        options.now ? { now: options.now } : {},
      );
    },
  };
}

/** One order's Click attempts, newest first (the admin order page). */
export async function clickAttemptsOfOrder(sql: SqlExecutor, orderNumber: number): Promise<ClickPrepareRow[]> {
  return sql.all<ClickPrepareRow>(byOrderSql, [orderNumber]);
}

/** One attempt by click_trans_id (refund by reversal needs its click_paydoc_id). */
export async function clickAttemptByTransId(sql: SqlExecutor, clickTransId: string): Promise<ClickPrepareRow | undefined> {
  return sql.get<ClickPrepareRow>(byTransIdSql, [clickTransId]);
}

/** The attempts prepared in a period (reconciliation: Click has no list call). */
export async function clickAttemptsPreparedBetween(sql: SqlExecutor, from: Date, to: Date): Promise<ClickPrepareRow[]> {
  return sql.all<ClickPrepareRow>(`SELECT ${COLUMNS} FROM "ClickPrepare" WHERE "preparedAt" >= ? AND "preparedAt" < ? ORDER BY "id"`, [from, to]);
}
