import type { SqlExecutor } from "../db/sql";

/** One line of an order as providers' fiscal details need it; money in tiyin. */
export type OrderItemForFiscal = {
  title: string;
  quantity: number;
  /** Price of one unit, tiyin. */
  unitPrice: bigint;
  /** IKPU (MXIK) code of the product. */
  code: string;
  packageCode: string;
  vatPercent: number;
  units: number | null;
};

/**
 * The order's lines in their catalog order, for fiscal details (Payme `detail`, Click/Robokassa
 * receipts). Read-only; works inside or outside a transaction. Numbers are normalized here so the
 * callers get the same types on SQLite and PostgreSQL.
 */
export async function orderItemsForFiscal(sql: SqlExecutor, orderNumber: number): Promise<OrderItemForFiscal[]> {
  const rows = await sql.all<OrderItemForFiscal>(
    `SELECT "title", "quantity", "unitPrice", "code", "packageCode", "vatPercent", "units" FROM "OrderItem" WHERE "orderNumber" = ? ORDER BY "position", "id"`,
    [orderNumber],
  );
  return rows.map((item) => ({
    ...item,
    quantity: Number(item.quantity),
    unitPrice: BigInt(item.unitPrice),
    vatPercent: Number(item.vatPercent),
    units: item.units === null ? null : Number(item.units),
  }));
}
