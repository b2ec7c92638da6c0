import type { DatabaseKind } from "../db/database-url";
import type { SqlExecutor } from "../db/sql";

/*
 * The order change sequence (issue 13): every order change the store makes writes, in the same
 * statement as the order's row, a value (`Order.exportSeq`) that 1C's export orders by. No row is
 * locked until commit beside the order's own (issue 9: a counter row was every payment's point
 * of contention on PostgreSQL, and two statements more per call).
 *
 * What the export needs is a horizon H: every change that will ever commit with a value below H
 * has already committed (a reader that sent everything below H missed nothing, whatever commits
 * later).
 * - SQLite: one writer at a time (every transaction takes the write lock at BEGIN IMMEDIATE), so
 *   `MAX(exportSeq) + 1` read inside the writing statement grows in commit order; H is the
 *   committed maximum + 1 (an index seek on `Order_exportSeq_idx`).
 * - PostgreSQL: a sequence (`Order_exportSeq_seq`: no lock, never rolled back), its value taken
 *   under a shared transaction-level advisory lock held until commit — in the statement that
 *   writes the order, which the core sends with the COMMIT. Shared locks do not wait for each
 *   other; the export takes the same lock exclusively for the one statement that reads the
 *   sequence, so every value taken before it has committed (or rolled back) by then, and every
 *   value taken after it is larger.
 */

/** The advisory lock key of the order change sequence ("tolov" in ASCII). */
export const ORDER_CHANGES_LOCK = 0x746f6c6f76n;

/** `SET "exportSeq" = …` of the order's own write: the order's next change sequence value. */
export function exportSeqExpression(kind: DatabaseKind): string {
  // The function scan (the lock) runs before the projection (nextval).
  return kind === "postgresql"
    ? `(SELECT nextval('"Order_exportSeq_seq"') FROM pg_advisory_xact_lock_shared(${ORDER_CHANGES_LOCK}))`
    : `(SELECT COALESCE(MAX("exportSeq"), 0) + 1 FROM "Order")`;
}

const horizonSql: Record<DatabaseKind, string> = {
  sqlite: `SELECT COALESCE(MAX("exportSeq"), 0) + 1 AS "horizon" FROM "Order"`,
  // One statement, its own transaction: the lock (waiting for writers that took a value) is
  // taken by the scan, the subquery read after it; released when the statement ends.
  postgresql: `SELECT (SELECT COALESCE(pg_sequence_last_value('"Order_exportSeq_seq"'), 0) + 1) AS "horizon" FROM pg_advisory_xact_lock(${ORDER_CHANGES_LOCK})`,
};

/**
 * The export horizon (see above): every order change that commits from now on has a value
 * `≥` it, and every change below it is committed and visible to a statement that starts after
 * this one. Not inside a transaction that writes orders (PostgreSQL: it would wait for itself).
 */
export async function readChangeHorizon(sql: SqlExecutor): Promise<bigint> {
  const row = await sql.get<{ horizon: unknown }>(horizonSql[sql.kind], [], { horizon: "bigint" });
  return BigInt(row!.horizon as bigint);
}

/**
 * Marks order `orderNumber` as changed inside a Prisma interactive transaction (order creation):
 * it must follow a write of that transaction on SQLite (the write lock is then held, so the
 * maximum read is the committed one). Returns the value written.
 */
export async function markOrderChangedPrisma(
  tx: { $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> },
  kind: DatabaseKind,
  orderNumber: number,
): Promise<bigint> {
  if (!Number.isSafeInteger(orderNumber)) throw new TypeError("orderNumber must be an integer");
  // The number is an integer (checked above): inlined, as the placeholder syntax differs between the two drivers.
  const rows = await tx.$queryRawUnsafe<{ exportSeq: bigint | number | string }[]>(
    `UPDATE "Order" SET "exportSeq" = ${exportSeqExpression(kind)} WHERE "number" = ${orderNumber} RETURNING "exportSeq"`,
  );
  return BigInt(rows[0]!.exportSeq);
}
