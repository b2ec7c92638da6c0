import type { DbTransaction } from "../db";

/**
 * Takes the order's row lock for the rest of the transaction (PostgreSQL: the UPDATE locks the
 * row until commit; SQLite: the write lock covers the whole database). Everything that changes
 * an order's money, reservation or status starts with it, so concurrent callbacks for one order
 * run one after another and each sees what the previous one committed.
 * Returns false when the order does not exist.
 */
export async function lockOrder(tx: DbTransaction, orderNumber: number): Promise<boolean> {
  const result = await tx.order.updateMany({
    where: { number: orderNumber },
    data: { updatedAt: new Date() },
  });
  return result.count === 1;
}
