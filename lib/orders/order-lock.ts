import type { SqlExecutor } from "../db/sql";

/**
 * Takes the order's row lock for the rest of the transaction (PostgreSQL: the UPDATE locks the
 * row until commit; SQLite: BEGIN IMMEDIATE already holds the database's write lock).
 * Everything that changes an order's money, reservation or status starts with it, so concurrent
 * callbacks for one order run one after another and each sees what the previous one committed.
 * Returns false when the order does not exist.
 */
export async function lockOrder(tx: SqlExecutor, orderNumber: number): Promise<boolean> {
  const result = await tx.run(`UPDATE "Order" SET "updatedAt" = ? WHERE "number" = ?`, [new Date(), orderNumber]);
  return result.changes === 1;
}
