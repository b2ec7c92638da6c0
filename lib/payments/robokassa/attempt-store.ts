import type { SqlExecutor } from "../../db/sql";
import type { RobokassaAttempt } from "./callbacks";

/**
 * The RobokassaAttempt table (prisma/schema.prisma): one row per InvId. Plain SQL through the
 * shared layer, so the ResultURL path costs one indexed read before the settlement core runs.
 */
export type StoredRobokassaAttempt = RobokassaAttempt & {
  /** UZS per 1 RUB, exact decimal text, as CBU gave it. */
  rate: string;
  rateDate: string;
  rateSource: "cbu" | "fallback";
  createdAt: Date;
  expiresAt: Date;
};

type AttemptRow = {
  invId: number | bigint | string;
  orderNumber: number | bigint | string;
  amount: number | bigint | string;
  outSum: number | bigint | string;
  rate: string;
  rateDate: string;
  rateSource: string;
  createdAt: unknown;
  expiresAt: unknown;
};

const columns = `"invId", "orderNumber", "amount", "outSum", "rate", "rateDate", "rateSource", "createdAt", "expiresAt"`;
const byInvIdSql = `SELECT ${columns} FROM "RobokassaAttempt" WHERE "invId" = ?`;
const ofOrderSql = `SELECT ${columns} FROM "RobokassaAttempt" WHERE "orderNumber" = ? ORDER BY "invId" DESC`;
const latestOfOrderSql = `${ofOrderSql} LIMIT 1`;
const insertSql = `INSERT INTO "RobokassaAttempt" ("orderNumber", "amount", "outSum", "rate", "rateDate", "rateSource", "createdAt", "expiresAt")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${columns}`;

/** Largest InvId our INTEGER column holds (Robokassa allows up to 2^63−1; we never get near). */
const MAX_STORED_INV_ID = 2_147_483_647n;

function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  return new Date(typeof value === "bigint" ? Number(value) : (value as string | number));
}

function toAttempt(row: AttemptRow): StoredRobokassaAttempt {
  return {
    invId: BigInt(row.invId),
    orderNumber: String(row.orderNumber),
    amount: BigInt(row.amount),
    outSum: BigInt(row.outSum),
    rate: row.rate,
    rateDate: row.rateDate,
    rateSource: row.rateSource === "fallback" ? "fallback" : "cbu",
    createdAt: toDate(row.createdAt),
    expiresAt: toDate(row.expiresAt),
  };
}

/** The attempt stored under `invId`, or undefined (also for an InvId beyond our column). */
export async function findRobokassaAttempt(sql: SqlExecutor, invId: bigint): Promise<StoredRobokassaAttempt | undefined> {
  if (invId < 1n || invId > MAX_STORED_INV_ID) return undefined;
  const row = await sql.get<AttemptRow>(byInvIdSql, [Number(invId)]);
  return row && toAttempt(row);
}

/** The order's newest attempt, or undefined. */
export async function latestRobokassaAttempt(sql: SqlExecutor, orderNumber: number): Promise<StoredRobokassaAttempt | undefined> {
  const row = await sql.get<AttemptRow>(latestOfOrderSql, [orderNumber]);
  return row && toAttempt(row);
}

/** Every attempt of the order, newest first. */
export async function robokassaAttemptsOf(sql: SqlExecutor, orderNumber: number): Promise<StoredRobokassaAttempt[]> {
  return (await sql.all<AttemptRow>(ofOrderSql, [orderNumber])).map(toAttempt);
}

export type NewRobokassaAttempt = {
  orderNumber: number;
  /** Tiyin. */
  amount: bigint;
  /** Kopeks. */
  outSum: bigint;
  rate: string;
  rateDate: string;
  rateSource: "cbu" | "fallback";
  createdAt: Date;
  expiresAt: Date;
};

/** Stores a new attempt; the database hands out its InvId (never one used before). */
export async function insertRobokassaAttempt(sql: SqlExecutor, attempt: NewRobokassaAttempt): Promise<StoredRobokassaAttempt> {
  const row = await sql.get<AttemptRow>(insertSql, [
    attempt.orderNumber,
    attempt.amount,
    attempt.outSum,
    attempt.rate,
    attempt.rateDate,
    attempt.rateSource,
    attempt.createdAt,
    attempt.expiresAt,
  ]);
  if (!row) throw new Error("RobokassaAttempt insert returned no row");
  return toAttempt(row);
}

/** How long after the shopper's Success visit the order page waits for ResultURL (issue 12 item 3). */
export const ROBOKASSA_CONFIRMATION_WINDOW_MS = 15 * 60_000;

const markSuccessSql = `UPDATE "RobokassaAttempt" SET "successSeenAt" = ? WHERE "invId" = ? AND "successSeenAt" IS NULL`;
const seenSinceSql = `SELECT "invId", "successSeenAt" FROM "RobokassaAttempt" WHERE "orderNumber" = ? AND "successSeenAt" >= ? ORDER BY "successSeenAt" DESC`;
const paidInvIdSql = `SELECT 1 AS "one" FROM "LedgerEntry" WHERE "kind" = 'payment' AND "provider" = 'robokassa' AND "reference" = ?`;

/** Marks the attempt's first verified SuccessURL visit (a repeated visit keeps the first time). */
export async function markRobokassaSuccessSeen(sql: SqlExecutor, invId: bigint, at: Date): Promise<void> {
  await sql.run(markSuccessSql, [at, Number(invId)]);
}

/**
 * Until when the order page says a Robokassa payment is being confirmed: the newest Success
 * visit of the order's attempts within the last 15 minutes whose ResultURL has not been
 * recorded, plus 15 minutes; `null` when there is none.
 */
export async function robokassaConfirmationUntil(sql: SqlExecutor, orderNumber: number, nowMs: number): Promise<Date | null> {
  const seen = await sql.all<{ invId: number | bigint; successSeenAt: Date }>(
    seenSinceSql,
    [orderNumber, new Date(nowMs - ROBOKASSA_CONFIRMATION_WINDOW_MS)],
    { successSeenAt: "date" },
  );
  for (const row of seen) {
    if ((await sql.get(paidInvIdSql, [String(row.invId)], { one: "number" })) !== undefined) continue;
    return new Date(row.successSeenAt.getTime() + ROBOKASSA_CONFIRMATION_WINDOW_MS);
  }
  return null;
}
