import type { SqlExecutor } from "../../db/sql";

/**
 * The provider of an order's payment ledger entry (`"payme"`, `"click"`, …), or null when the
 * entry does not exist, belongs to another order, or is a refund. For the admin's refund action.
 */
export async function paymentProviderOf(sql: SqlExecutor, orderNumber: number, ledgerId: number): Promise<string | null> {
  const entry = await sql.get<{ provider: string }>(
    `SELECT "provider" FROM "LedgerEntry" WHERE "id" = ? AND "orderNumber" = ? AND "kind" = 'payment'`,
    [ledgerId, orderNumber],
  );
  return entry?.provider ?? null;
}
