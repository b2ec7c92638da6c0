import type { DatabaseKind } from "../db/database-url";
import type { SqlExecutor } from "../db/sql";

/*
 * The order change sequence (issue 13): every order change the store makes writes, in the same
 * statement as the order's row, a value (`Order.exportSeq`) that 1C's export orders by. Nothing
 * is locked or counted beside the order's own row (issue 9: a counter row was every payment's
 * point of contention on PostgreSQL, and two statements more per call).
 *
 * What the export needs is a horizon: a value H such that every change that will ever commit
 * with a value below H has already committed (so a reader that sent everything below H missed
 * nothing, whatever commits later).
 * - SQLite: one writer at a time (every transaction takes the write lock at BEGIN IMMEDIATE), so
 *   `MAX(exportSeq) + 1` read inside the writing statement grows in commit order; H is the
 *   committed maximum + 1 (an index seek on `Order_exportSeq_idx`).
 * - PostgreSQL: the writing transaction's id (`pg_current_xact_id()`, 64 bits, never wraps),
 *   taken at its first write. Ids do not commit in order, but the oldest transaction still
 *   running (`pg_snapshot_xmin(pg_current_snapshot())`) is a horizon: every id below it has
 *   ended. A long transaction holds the horizon back (the export waits), never skips a change.
 *   Values of one transaction tie (several orders changed at once): the export pages with ties
 *   kept together (export-orders.ts).
 */

/** `SET "exportSeq" = …` of the order's own write: the order's next change sequence value. */
export function exportSeqExpression(kind: DatabaseKind): string {
  return kind === "postgresql" ? `pg_current_xact_id()::text::bigint` : `(SELECT COALESCE(MAX("exportSeq"), 0) + 1 FROM "Order")`;
}

const horizonSql: Record<DatabaseKind, string> = {
  sqlite: `SELECT COALESCE(MAX("exportSeq"), 0) + 1 AS "horizon" FROM "Order"`,
  postgresql: `SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS "horizon"`,
};

/**
 * The export horizon (see above): every order change that commits from now on has a value
 * `≥` it, and every change below it is committed and visible to a statement that starts after
 * this one.
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
