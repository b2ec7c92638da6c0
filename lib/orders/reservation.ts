import type { SqlExecutor } from "../db/sql";

export type ReservationRow = {
  orderNumber: number;
  provider: string;
  kind: string;
  reference: string;
  held: boolean;
  expiresAt: bigint | null;
};

/**
 * The order's reservation row as stored (possibly lapsed), for read-only views. Reservations are
 * placed, extended, held and released only by the settlement core (settlement.ts).
 */
export async function readReservation(sql: SqlExecutor, orderNumber: number): Promise<ReservationRow | undefined> {
  const row = await sql.get<Omit<ReservationRow, "held" | "expiresAt"> & { held: unknown; expiresAt: bigint | number | null }>(
    `SELECT "orderNumber", "provider", "kind", "reference", "held", "expiresAt" FROM "Reservation" WHERE "orderNumber" = ?`,
    [orderNumber],
  );
  return row && { ...row, orderNumber: Number(row.orderNumber), held: Boolean(Number(row.held)), expiresAt: row.expiresAt === null ? null : BigInt(row.expiresAt) };
}
