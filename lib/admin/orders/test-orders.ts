import type { SqlExecutor } from "../../db/sql";

/** Marks an order as a test order (the Payme tester's): the admin's order list hides it unless asked ("show test orders"). */
export async function markTestOrder(sql: SqlExecutor, orderNumber: number): Promise<void> {
  await sql.run(`UPDATE "Order" SET "isTest" = TRUE WHERE "number" = ?`, [orderNumber]);
}
