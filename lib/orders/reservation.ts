import type { SqlExecutor } from "../db/sql";
import { isReservationActive } from "./order-status";

export type ReservationInput = {
  orderNumber: number;
  provider: "payme" | "click";
  kind: "payme_transaction" | "payme_receipt" | "click_prepare";
  reference: string;
  held?: boolean;
  /** ms since the epoch; null = only released explicitly. */
  expiresAt: bigint | null;
};

export type ReservationRow = {
  orderNumber: number;
  provider: string;
  kind: string;
  reference: string;
  held: boolean;
  expiresAt: bigint | null;
};

export async function readReservation(tx: SqlExecutor, orderNumber: number): Promise<ReservationRow | undefined> {
  const row = await tx.get<ReservationRow & { held: boolean | number }>(
    `SELECT "orderNumber", "provider", "kind", "reference", "held", "expiresAt" FROM "Reservation" WHERE "orderNumber" = ?`,
    [orderNumber],
  );
  return row && { ...row, held: Boolean(row.held) };
}

/**
 * The order's reservation if one holds it now. A lapsed one (its time passed, not held) is
 * removed here. Provider rules that must run on lapse (Payme cancels its transaction with
 * reason 4) run before this, in the provider's code.
 */
export async function activeReservation(tx: SqlExecutor, orderNumber: number, nowMs: number): Promise<ReservationRow | undefined> {
  const row = await readReservation(tx, orderNumber);
  if (!row) return undefined;
  if (isReservationActive(row, nowMs)) return row;
  await tx.run(`DELETE FROM "Reservation" WHERE "orderNumber" = ?`, [orderNumber]);
  return undefined;
}

/** Places a reservation; the caller checked with `activeReservation` under the order lock. */
export async function reserveOrder(tx: SqlExecutor, input: ReservationInput): Promise<void> {
  await tx.run(
    `INSERT INTO "Reservation" ("orderNumber", "provider", "kind", "reference", "held", "expiresAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [input.orderNumber, input.provider, input.kind, input.reference, input.held ?? false, input.expiresAt, new Date()],
  );
}

/** Releases the reservation if it is the one named (another attempt's reservation stays). */
export async function releaseReservation(
  tx: SqlExecutor,
  orderNumber: number,
  provider: string,
  reference: string,
): Promise<boolean> {
  const result = await tx.run(
    `DELETE FROM "Reservation" WHERE "orderNumber" = ? AND "provider" = ? AND "reference" = ?`,
    [orderNumber, provider, reference],
  );
  return result.changes === 1;
}
