import type { SqlExecutor } from "../../../db/sql";
import { cashboxFor, logLine, type PaymeCashbox, type ReceiptsContext } from "../receipts/context";

/**
 * What the card form's server side needs: the receipts context (database, Payme's settings, the
 * Subscribe endpoint, a clock, a log) plus APP_SECRET, which seals saved cards' tokens.
 */
export type CardPaymentsContext = ReceiptsContext & { appSecret: string };

export { cashboxFor, logLine, type PaymeCashbox };

/** The order behind an opaque id, with what the card form may use of it: never amounts from the client. */
export type OrderContact = { number: number; id: string; phone: string | null };

export async function findOrderContact(sql: SqlExecutor, orderId: string): Promise<OrderContact | undefined> {
  if (typeof orderId !== "string" || orderId.length === 0 || orderId.length > 64) return undefined;
  const row = await sql.get<{ number: number | bigint; id: string; customerPhone: string | null }>(
    `SELECT "number", "id", "customerPhone" FROM "Order" WHERE "id" = ?`,
    [orderId],
  );
  return row && { number: Number(row.number), id: row.id, phone: row.customerPhone };
}

/** `+998901234567` → `+998 90 *** ** 67`: enough for the shopper to recognise their number. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length === 12 && digits.startsWith("998")) return `+998 ${digits.slice(3, 5)} *** ** ${digits.slice(10)}`;
  return `+${digits.slice(0, Math.max(0, digits.length - 6))}****${digits.slice(-2)}`;
}
