import type { SqlExecutor } from "../db/sql";

/**
 * The order change sequence (issue 13): a counter bumped inside the transaction that changes an
 * order, whose row stays locked until that transaction commits — so values commit in order and
 * a reader that saw value N has seen every order change numbered up to N (a clock cannot promise
 * that: a transaction that started earlier may commit later). The 1C exchange sends the orders
 * whose `exportSeq` passed its committed mark. One upsert, no seeding: the row appears on the
 * first bump.
 */
export const ORDER_CHANGES = "order";

const bumpSql = `INSERT INTO "ChangeSequence" ("name", "value") VALUES (?, 1)
  ON CONFLICT ("name") DO UPDATE SET "value" = "ChangeSequence"."value" + 1 RETURNING "value"`;
/**
 * The settlement core's bump of the `order` sequence and the order's mark, as two statements that
 * need no value in hand (the core defers them to the end of its transaction): the second reads
 * the value the first wrote, in the same transaction.
 */
export const bumpOrderChangesSql = `INSERT INTO "ChangeSequence" ("name", "value") VALUES ('${ORDER_CHANGES}', 1)
  ON CONFLICT ("name") DO UPDATE SET "value" = "ChangeSequence"."value" + 1`;
export const markExportSql = `UPDATE "Order" SET "exportSeq" = (SELECT "value" FROM "ChangeSequence" WHERE "name" = '${ORDER_CHANGES}') WHERE "number" = ?`;
const readSql = `SELECT "value" FROM "ChangeSequence" WHERE "name" = ?`;

/** Takes the next value (≥ 1) of sequence `name` inside `tx`; the row is locked until `tx` ends. */
export async function nextChangeSeq(tx: SqlExecutor, name: string = ORDER_CHANGES): Promise<bigint> {
  const row = await tx.get<{ value: unknown }>(bumpSql, [name], { value: "bigint" });
  return BigInt(row!.value as bigint);
}

/** The latest committed value of sequence `name` (0 before the first change). */
export async function readChangeSeq(sql: SqlExecutor, name: string = ORDER_CHANGES): Promise<bigint> {
  const row = await sql.get<{ value: unknown }>(readSql, [name], { value: "bigint" });
  return row ? BigInt(row.value as bigint) : 0n;
}

/** The same bump of the `order` sequence for Prisma's interactive transactions (order creation). */
export async function nextOrderChangeSeqPrisma(tx: { $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> }): Promise<bigint> {
  // A constant statement (no parameters): the placeholder syntax differs between the two drivers.
  const rows = await tx.$queryRawUnsafe<{ value: bigint | number | string }[]>(
    `INSERT INTO "ChangeSequence" ("name", "value") VALUES ('${ORDER_CHANGES}', 1) ON CONFLICT ("name") DO UPDATE SET "value" = "ChangeSequence"."value" + 1 RETURNING "value"`,
  );
  return BigInt(rows[0]!.value);
}
